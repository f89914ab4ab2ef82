# Finding the library: COTERM_LIBRARY, the pkg-config directory, the system.

rscript <- function(code, env) {
  out <- tempfile()
  on.exit(unlink(out))
  status <- system2(file.path(R.home("bin"), "Rscript"), c("-e", shQuote(code)), env = env,
                    stdout = out, stderr = out)
  list(status = status, output = readLines(out, warn = FALSE))
}

test_that("the version is a libcoterm 0.x with x >= 1", {
  v <- as.integer(strsplit(coterm_version(), ".", fixed = TRUE)[[1]])
  expect_identical(v[1], 0L)
  expect_gte(v[2], 1L)
  expect_true(file.exists(coterm_library()) || coterm_library() == "libcoterm.so.0")
})

test_that("COTERM_LIBRARY naming no library fails to load with a clear message", {
  res <- rscript("library(coterm)", "COTERM_LIBRARY=/nonexistent/libcoterm.so")
  expect_false(res$status == 0)
  expect_true(any(grepl("cannot load libcoterm", res$output)))
  expect_true(any(grepl("COTERM_LIBRARY", res$output)))
})

test_that("COTERM_LIBRARY may name the directory", {
  skip_if_not(file.exists(coterm_library()))
  res <- rscript("library(coterm); cat(coterm_library())",
                 paste0("COTERM_LIBRARY=", dirname(coterm_library())))
  expect_identical(res$status, 0L)
  expect_identical(tail(res$output, 1), file.path(dirname(coterm_library()), "libcoterm.so"))
})
