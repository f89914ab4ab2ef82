# report writes the CLI's report: the same files, report.json as data, the
# page to open; sf tiers go through a temporary GeoPackage; bad input
# writes nothing.

test_that("one board's report equals the CLI's, file for file", {
  cli <- tempfile("cli")
  res <- run_cli("report", "--system", "E54000026", "--out", cli, "-q")
  expect_identical(res$status, 0L, label = paste(res$stderr, collapse = "\n"))
  out <- tempfile("r")
  run <- with_warnings(report(out, system = "E54000026", progress = FALSE))
  r <- run$value
  expect_s3_class(r, "coterm_report")
  expect_identical(r$page, file.path(out, "systems", "E54000026.html"))
  expect_identical(run$warnings, cli_warnings(res$stderr))
  expect_identical(diagnostics(r)$message, run$warnings)
  expect_identical(r$data$only, "E54000026")
  expect_identical(r$data, coterm:::.parse_json(readLines(file.path(cli, "report.json"))))
  files <- sort(list.files(cli, recursive = TRUE))
  expect_identical(sort(list.files(out, recursive = TRUE)), files)
  for (f in files) {
    if (tools::file_ext(f) == "gpkg") {
      # a GeoPackage records when it was written: compare its layers
      for (layer in sf::st_layers(file.path(cli, f))$name) {
        want <- sf::st_read(file.path(cli, f), layer, quiet = TRUE)
        got <- sf::st_read(file.path(out, f), layer, quiet = TRUE)
        expect_identical(sf::st_drop_geometry(got), sf::st_drop_geometry(want), label = layer)
        expect_identical(sf::st_as_binary(sf::st_geometry(got)),
                         sf::st_as_binary(sf::st_geometry(want)), label = layer)
      }
    } else {
      expect_identical(unname(tools::md5sum(file.path(out, f))),
                       unname(tools::md5sum(file.path(cli, f))), label = f)
    }
  }
  expect_length(live_handles(), 0)
})

test_that("sf tiers are reported (through a temporary GeoPackage)", {
  system <- builtin_sf("stp21")
  system <- system[system$stp21_code == "E54000007", ]
  place <- builtin_sf("utla21")
  place <- place[place$utla21_code %in% sprintf("E080000%02d", 1:10), ]
  r <- suppressWarnings(report(tempfile(), tiers = list(system = system, place = place),
                               progress = FALSE))
  expect_identical(r$data$mode, "tiers")
  expect_identical(vapply(r$data$systems, function(s) s$code, ""), "E54000007")
  expect_true(file.exists(r$page))
})

test_that("bad input is an error and writes nothing", {
  out <- tempfile("bad")
  expect_error(report(out, system = "NOPE", progress = FALSE), "unknown system 'NOPE'",
               class = "coterm_error_data")
  expect_false(file.exists(out))
  expect_error(report(out, config = "x.csv", tiers = list(system = "icb22"), progress = FALSE),
               class = "coterm_error_invalid")
  expect_error(report(out, tiers = list(system = 42), progress = FALSE),
               class = "coterm_error_invalid")
  expect_length(live_handles(), 0)
})
