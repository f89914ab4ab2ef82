# Handles are freed: by the commands, by close(), by finalizers; nothing
# leaks over repeated calls.

rss_kib <- function() {
  pages <- as.numeric(strsplit(readLines("/proc/self/statm"), " ")[[1]][2])
  pages * 4
}

test_that("commands free everything they open, also when they fail", {
  sq <- squares()
  gc()
  expect_length(live_handles(), 0)
  for (i in 1:30) {
    fit(sq$a, sq$b, pop = FALSE)
    expect_warning(bestfit(sq$a, sq$b, pop = FALSE), "1 of 3 units", class = "coterm_warning")
    expect_error(fit(sq$a, "no_such_file.gpkg", pop = FALSE), class = "coterm_error_io")
    expect_error(fit(sq$a, sq$b, pop = FALSE, method = "bogus"), class = "coterm_error_invalid")
  }
  expect_length(live_handles(), 0)
})

test_that("close() and finalizers free handles; a context frees its children", {
  sq <- squares()
  ctx <- coterm_context()
  a <- coterm_layer(ctx, sq$a)
  b <- coterm_layer(ctx, sq$b)
  expect_identical(live_handles(), c(ctx = 1L, layer = 2L))
  units <- as.data.frame(a)
  expect_identical(units$id, c("A1", "A2", "A3"))
  expect_equal(units$area_m2, rep(10000, 3))
  r <- fit(a, b, pop = FALSE, ctx = ctx)
  expect_identical(nrow(r$pairs), 3L)
  expect_identical(live_handles(), c(ctx = 1L, layer = 2L))  # the caller's layers stay open
  close(b)
  close(b)  # idempotent
  expect_identical(live_handles(), c(ctx = 1L, layer = 1L))
  expect_error(fit(a, b, pop = FALSE, ctx = ctx), "closed")
  close(ctx)  # frees layer a too
  expect_length(live_handles(), 0)

  ctx <- coterm_context()
  layer <- coterm_layer(ctx, sq$a)
  rm(ctx)
  gc()  # the layer keeps its context alive
  expect_identical(live_handles(), c(ctx = 1L, layer = 1L))
  rm(layer)
  gc()
  expect_length(live_handles(), 0)
})

test_that("a quiet context records diagnostics without warning", {
  sq <- squares()
  ctx <- coterm_context(warn = FALSE)
  on.exit(close(ctx))
  df <- expect_silent(bestfit(sq$a, sq$b, pop = FALSE, ctx = ctx))
  expect_identical(diagnostics(ctx)$kind, "warning")
  expect_identical(diagnostics(df), diagnostics(ctx))
  expect_identical(df$big_id, c("B1", "B2", ""))  # A3 falls in no unit of B
})

test_that("a population base opened once serves two calls", {
  ctx <- coterm_context()
  on.exit(close(ctx))
  pop <- coterm_pop(ctx)
  a <- fit("stp21", "utla21", pop = pop, ctx = ctx)
  b <- fit("ccg21", "stp21", pop = pop, ctx = ctx)
  expect_equal(a$summary$population$total, ENGLAND_POP)
  expect_equal(b$summary$population$total, ENGLAND_POP)
  expect_identical(live_handles(), c(ctx = 1L, pop = 1L))
})

test_that("memory stays flat over repeated calls on real layers", {
  # each call opens two real layers (tens of MB of geometry): a leaked layer
  # or result would add megabytes per call
  for (i in 1:3) fit("stp21", "utla21", pop = FALSE)
  gc()
  before <- rss_kib()
  for (i in 1:20) fit("stp21", "utla21", pop = FALSE)
  gc()
  grown <- rss_kib() - before
  expect_length(live_handles(), 0)
  expect_lt(grown, 8 * 1024)
})
