# R allocating a vector far beyond the host's memory mid-fit
library(nnet)
set.seed(0)
fit <- nnet(Species ~ ., data = iris, size = 4, maxit = 30)
cat("building the bootstrap matrix\n")
boot <- matrix(0, nrow = 1e6, ncol = 1e6)
