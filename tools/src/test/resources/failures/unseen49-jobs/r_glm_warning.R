# R glm on separable data: the warnings R prints after a fit that still completes
set.seed(0)
x <- c(rnorm(100, -3), rnorm(100, 3)); y <- c(rep(0, 100), rep(1, 100))
fit <- glm(y ~ x, family = binomial)
print(summary(fit)$coefficients)
cat("saved model to glm_fit.rds\n")
