library(testthat)
library(coterm)

test_check("coterm")
