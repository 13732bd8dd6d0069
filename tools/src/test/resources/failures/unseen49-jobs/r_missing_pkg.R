# an R training script whose package is not installed on this host
cat("loading data\n")
x <- as.matrix(iris[, 1:4]); y <- iris$Species
library(glmnet)
fit <- cv.glmnet(x, y, family = "multinomial")
