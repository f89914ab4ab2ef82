# flows and pcn give the CLI's tables and documents; catchments and
# neighbourhoods come back as sf.

test_that("flows on the embedded OHID catchments equal the CLI", {
  out <- tempfile("flows")
  res <- run_cli("flows", "--out", out, "-q")
  expect_identical(res$status, 0L, label = paste(res$stderr, collapse = "\n"))
  run <- with_warnings(flows())
  r <- run$value
  expect_result_matches_cli(r, out)
  expect_identical(run$warnings, cli_warnings(res$stderr))
  expect_match(run$warnings, "4 providers get no patients", all = FALSE)
  expect_identical(sf::st_crs(r$catchments)$epsg, 27700L)
  expect_identical(nrow(r$systems), 42L)
  # University Hospitals of Derby and Burton draws from two systems
  expect_gte(r$providers$n_systems[r$providers$provider_id == "RTG"], 2)
})

test_that("pcn equals the CLI", {
  out <- tempfile("pcn")
  res <- run_cli("pcn", "--out", out, "-q")
  expect_identical(res$status, 0L, label = paste(res$stderr, collapse = "\n"))
  run <- with_warnings(pcn())
  r <- run$value
  expect_result_matches_cli(r, out)
  expect_identical(run$warnings, cli_warnings(res$stderr))
  expect_identical(diagnostics(r)$message, run$warnings)
  expect_identical(sum(diagnostics(r)$kind == "repair"), 12L)  # 11 PCN catchments, 1 LSOA
  nb <- r$neighbourhoods
  expect_identical(sf::st_crs(nb)$epsg, 27700L)
  # 4 of the 1,254 PCNs get people only as second choices (docs/pcn.md)
  expect_identical(nrow(r$pcn), 1254L)
  expect_identical(nrow(nb), 1250L)
  expect_true(all(nb$pcn_code %in% r$pcn$pcn_code))
  expect_equal(sum(r$pcn$pop), ENGLAND_POP, tolerance = 1 / ENGLAND_POP)
})
