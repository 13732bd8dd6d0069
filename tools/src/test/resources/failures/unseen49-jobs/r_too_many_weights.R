# R nnet on a design matrix wider than nnet's default MaxNWts allows
set.seed(0)
library(nnet)
n <- 200; p <- 300
x <- matrix(rnorm(n * p), n, p); y <- factor(sample(c("a", "b", "c"), n, TRUE))
cat("fitting nnet with", p, "inputs\n")
fit <- nnet(x, class.ind(y), size = 10, softmax = TRUE, maxit = 50)
