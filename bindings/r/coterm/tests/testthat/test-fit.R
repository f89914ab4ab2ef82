# fit, bestfit and layers give the CLI's rows and numbers on the embedded
# England data.

cli_out <- function(...) {
  out <- tempfile("cli")
  res <- run_cli(..., "--out", out)
  expect_identical(res$status, 0L, label = paste(res$stderr, collapse = "\n"))
  out
}

test_that("fit ccg21 ltla21 equals the CLI, with known facts", {
  out <- cli_out("fit", "ccg21", "ltla21", "-q")
  r <- fit("ccg21", "ltla21")
  expect_identical(attr(r, "tables"), c("pairs", "a_units", "b_units"))
  expect_result_matches_cli(r, out)
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
  out <- cli_out("fit", "stp21", "utla21", "--no-pop", "--tolerance", "0.05", "--threads", "1",
                 "-q")
  r <- fit("stp21", "utla21", pop = FALSE, tolerance = 0.05, threads = 1)
  expect_result_matches_cli(r, out)
  expect_true(all(is.na(r$pairs$pop)))
  expect_identical(r$summary$tolerance, 0.05)
})

test_that("fit with a method and a file path equals the CLI", {
  l <- layers()
  gpkg <- sub(":[^:]*$", "", l$source[l$name == "ccg21"])
  spec <- paste0(gpkg, ":ccg21")
  out <- cli_out("fit", spec, "stp21", "--method", "bestfit", "--a-id", "ccg21_code", "-q")
  r <- fit(spec, "stp21", method = "bestfit", a_id = "ccg21_code")
  expect_result_matches_cli(r, out)
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
  # one warning per "coterm: warning:" line of the CLI, with the same text
  warned <- cli_warnings(res$stderr)
  expect_true(length(warned) > 0)  # the embedded lsoa11 has a repaired geometry
  expect_identical(run$warnings, warned)
  expect_identical(diagnostics(df)$message, warned)
  expect_identical(diagnostics(df)$kind[1], "repair")
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
