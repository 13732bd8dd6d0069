# R's nnet (Debian's r-cran-nnet 7.3): the optimiser reports 'iter  10 value x' every tenth iteration
library(nnet)
set.seed(0)
fit <- nnet(Species ~ ., data = iris, size = 6, maxit = 150, decay = 5e-4)
