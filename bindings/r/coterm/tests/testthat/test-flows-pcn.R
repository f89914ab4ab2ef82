# flows and pcn give the CLI's tables and documents; catchments and
# neighbourhoods come back as sf.

test_that("flows on the embedded OHID catchments equal the CLI", {
  r <- expect_same_as_cli("flows", flows())
  expect_match(diagnostics(r)$message, "4 providers get no patients", all = FALSE)
  expect_identical(sf::st_crs(r$catchments)$epsg, 27700L)
  expect_identical(nrow(r$systems), 42L)
  # University Hospitals of Derby and Burton draws from two systems
  expect_gte(r$providers$n_systems[r$providers$provider_id == "RTG"], 2)
})

test_that("pcn equals the CLI", {
  r <- expect_same_as_cli("pcn", pcn())
  expect_match(diagnostics(r)$message, "practices .* have no location", all = FALSE)
  nb <- r$neighbourhoods
  expect_identical(sf::st_crs(nb)$epsg, 27700L)
  # 4 of the 1,254 PCNs get people only as second choices (docs/pcn.md)
  expect_identical(nrow(r$pcn), 1254L)
  expect_identical(nrow(nb), 1250L)
  expect_true(all(nb$pcn_code %in% r$pcn$pcn_code))
  expect_equal(sum(r$pcn$pop), ENGLAND_POP, tolerance = 1 / ENGLAND_POP)
})
