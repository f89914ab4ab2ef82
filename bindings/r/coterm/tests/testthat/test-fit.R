# fit, bestfit and layers give the CLI's rows and numbers on the embedded
# England data.

test_that("fit ccg21 ltla21 equals the CLI, with known facts", {
  r <- expect_same_as_cli(c("fit", "ccg21", "ltla21"), fit("ccg21", "ltla21"))
  expect_identical(attr(r, "tables"), c("pairs", "a_units", "b_units"))
  # 106 CCGs and 309 councils in April 2021; all of England on both sides
  expect_identical(nrow(r$a_units), 106L)
  expect_identical(nrow(r$b_units), 309L)
  expect_equal(r$summary$population$in_both, ENGLAND_POP)
  expect_equal(sum(r$a_units$pop), ENGLAND_POP)
  expect_equal(sum(r$b_units$pop), ENGLAND_POP)
  # every CCG's population shares over its pairs add up to 1
  shares <- tapply(r$pairs$a_pop_share, r$pairs$a_id, sum)
  expect_equal(as.numeric(shares), rep(1, 106), tolerance = 1e-9)
  expect_type(r$pairs$sliver, "integer")
  expect_type(r$pairs$area_m2, "double")
})

test_that("fit options equal the CLI's", {
  r <- expect_same_as_cli(
    c("fit", "stp21", "utla21", "--no-pop", "--tolerance", "0.05", "--threads", "1"),
    fit("stp21", "utla21", pop = FALSE, tolerance = 0.05, threads = 1))
  expect_true(all(is.na(r$pairs$pop)))
  expect_identical(r$summary$tolerance, 0.05)
})

test_that("fit with a method and a file path equals the CLI", {
  l <- layers()
  gpkg <- sub(":[^:]*$", "", l$source[l$name == "ccg21"])
  spec <- paste0(gpkg, ":ccg21")
  r <- expect_same_as_cli(c("fit", spec, "stp21", "--method", "bestfit", "--a-id", "ccg21_code"),
                          fit(spec, "stp21", method = "bestfit", a_id = "ccg21_code"))
  expect_identical(r$summary$method, "bestfit")
  # CCGs nest in STPs (2021)
  expect_true(all(r$a_units$class %in% c("nested", "coterminous")))
})

test_that("bestfit lsoa11 ccg21 equals the CLI, warnings included", {
  res <- run_cli("bestfit", "lsoa11", "ccg21")
  expect_identical(res$status, 0L)
  run <- with_warnings(bestfit("lsoa11", "ccg21"))
  df <- run$value
  expect_frame_matches_csv(df, read_cli_csv(lines = res$stdout), "bestfit")
  expect_identical(nrow(df), 32844L)
  expect_equal(sum(df$pop), ENGLAND_POP)
  expect_identical(attr(df, "summary")$command, "bestfit")
  # one warning per "coterm: warning:" line of the CLI (none: the embedded
  # data is valid), with the same text
  expect_identical(run$warnings, cli_warnings(res$stderr))
  expect_identical(diagnostics(df)$message, run$warnings)
})

test_that("layers equals the CLI's list", {
  res <- run_cli("layers", "--csv")
  expect_identical(res$status, 0L)
  l <- layers()
  expect_frame_matches_csv(l, read_cli_csv(lines = res$stdout), "layers")
  counts <- stats::setNames(l$features, l$name)
  expect_identical(counts[c("ccg21", "ltla21", "lsoa11")],
                   c(ccg21 = 106L, ltla21 = 309L, lsoa11 = 32844L))
})

test_that("the library version equals the CLI's", {
  res <- run_cli("version")
  expect_identical(res$stdout, paste("coterm", coterm_version()))
})
