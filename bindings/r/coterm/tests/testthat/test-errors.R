# Failed calls signal "coterm_error" and the subclass of their ct_status,
# with the library's message (the CLI's "coterm: error:" text).

cli_error <- function(...) {
  res <- run_cli(...)
  expect_identical(res$status, 2L)
  sub("^coterm: error: ", "", grep("^coterm: error: ", res$stderr, value = TRUE))
}

expect_coterm_error <- function(expr, class, status) {
  e <- tryCatch(expr, coterm_error = function(e) e)
  expect_s3_class(e, c(class, "coterm_error", "error", "condition"), exact = TRUE)
  expect_identical(e$status, status)
  e
}

test_that("a missing file is coterm_error_io with the CLI's message", {
  e <- expect_coterm_error(fit("no_such_file.gpkg", "ltla21", pop = FALSE), "coterm_error_io", 3L)
  expect_identical(e$status_name, "CT_EIO")
  expect_identical(conditionMessage(e), cli_error("fit", "no_such_file.gpkg", "ltla21", "--no-pop"))
  expect_match(conditionMessage(e), "no_such_file.gpkg")
})

test_that("each kind of bad input has its class", {
  sq <- squares()
  expect_coterm_error(fit(sq$a, sq$b, pop = FALSE, method = "bogus"), "coterm_error_invalid", 2L)
  expect_coterm_error(fit("ccg21", "ltla21", pop = FALSE, tolerance = 0.7),
                      "coterm_error_invalid", 2L)
  # a layer the file lacks
  l <- layers()
  gpkg <- sub(":[^:]*$", "", l$source[l$name == "ccg21"])
  e <- expect_coterm_error(fit(paste0(gpkg, ":nolayer"), "ltla21", pop = FALSE),
                           "coterm_error_format", 4L)
  expect_match(conditionMessage(e), "no layer 'nolayer'")
  # duplicate ids
  dup <- sq$a
  dup$sq_code[2] <- "A1"
  e <- expect_coterm_error(fit(dup, sq$b, pop = FALSE), "coterm_error_data", 7L)
  expect_match(conditionMessage(e), "duplicate id 'A1'")
  # no CRS
  e <- expect_coterm_error(fit(sf::st_set_crs(sq$a, NA), sq$b, pop = FALSE),
                           "coterm_error_crs", 5L)
  expect_match(conditionMessage(e), "no CRS")
  # a geographic measuring CRS
  expect_coterm_error(fit(sq$a, sq$b, pop = FALSE, crs = "EPSG:4326"), "coterm_error_crs", 5L)
  # an empty geometry
  empty <- sq$a
  sf::st_geometry(empty)[[2]] <- sf::st_polygon()
  e <- expect_coterm_error(fit(empty, sq$b, pop = FALSE), "coterm_error_geometry", 6L)
  expect_match(conditionMessage(e), "A2")
})

test_that("an sf object without one id column is coterm_error_format", {
  sq <- squares()
  e <- expect_coterm_error(fit(sq$a[, "sq_name"], sq$b, pop = FALSE), "coterm_error_format", 4L)
  expect_match(conditionMessage(e), "no id field .*fields: sq_name")
  e <- expect_coterm_error(fit(sq$a, sq$b, a_id = "nope", pop = FALSE), "coterm_error_format", 4L)
  expect_match(conditionMessage(e), "no id field 'nope'")
})

test_that("wrong R types are coterm_error_invalid", {
  expect_coterm_error(fit(42, "ltla21"), "coterm_error_invalid", 2L)
  expect_coterm_error(fit("ccg21", "ltla21", pop = 3), "coterm_error_invalid", 2L)
  expect_coterm_error(check(tiers = list("stp21")), "coterm_error_invalid", 2L)
})

test_that("every ct_status has its class", {
  classes <- c("nomem", "invalid", "io", "format", "crs", "geometry", "data", "dependency",
               "internal")
  for (st in 1:9) {
    e <- coterm:::.coterm_error("m", st)
    expect_s3_class(e, paste0("coterm_error_", classes[st]))
    expect_s3_class(e, "coterm_error")
  }
})

test_that("a result has no element it lacks", {
  sq <- squares()
  r <- fit(sq$a, sq$b, pop = FALSE)
  expect_error(r$findings, "no table or document 'findings'", class = "coterm_error_invalid")
})
