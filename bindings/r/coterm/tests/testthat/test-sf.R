# sf objects in: hand-computed answers, the CLI's numbers on the same
# polygons in a file, and CRSs handed over correctly.

test_that("squares from sf give the hand-computed fit", {
  sq <- squares()
  r <- fit(sq$a, sq$b, pop = FALSE)
  p <- r$pairs
  expect_identical(paste(p$a_id, p$b_id), c("A1 B1", "A2 B1", "A2 B2"))
  expect_equal(p$area_m2, c(10000, 5000, 5000), tolerance = 1e-12)
  expect_equal(p$a_area_share, c(1, 0.5, 0.5), tolerance = 1e-12)
  expect_equal(p$b_area_share, c(2 / 3, 1 / 3, 1), tolerance = 1e-12)
  expect_identical(p$sliver, c(0L, 0L, 0L))
  expect_true(all(is.na(p$pop)))
  au <- r$a_units
  expect_identical(au$name, c("Square one", "Square two", "Square three"))
  expect_identical(au$class, c("nested", "straddles", "unmatched"))
  expect_identical(au$best_id, c("B1", "B2", ""))
  expect_identical(au$n_parts, c(1L, 2L, 0L))
  expect_identical(r$b_units$class, c("straddles", "nested"))
  expect_identical(r$b_units$name, c("", ""))
  # (10000*1 + 10000*0.5 + 10000*0) / 30000 and (15000*2/3 + 5000*1) / 20000
  expect_equal(r$summary$indices$area_fit_a_in_b, 0.5)
  expect_equal(r$summary$indices$area_fit_b_in_a, 0.75)
  expect_identical(r$summary$inputs$a$source, "sf a")
  # the pieces of every B unit add up to its area
  expect_equal(as.numeric(tapply(p$area_m2, p$b_id, sum)), r$b_units$area_m2, tolerance = 1e-12)
})

test_that("sf inputs equal the CLI on the same polygons in a GeoPackage", {
  sq <- squares()
  gpkg <- tempfile(fileext = ".gpkg")
  sf::st_write(sq$a, gpkg, "a", quiet = TRUE)
  sf::st_write(sq$b, gpkg, "b", quiet = TRUE)
  out <- tempfile("cli")
  res <- run_cli("fit", paste0(gpkg, ":a"), paste0(gpkg, ":b"), "--no-pop", "--out", out, "-q")
  expect_identical(res$status, 0L)
  r <- fit(sq$a, sq$b, pop = FALSE)
  for (name in c("pairs", "a_units", "b_units"))
    expect_frame_matches_csv(r[[name]], read_cli_csv(file.path(out, paste0(name, ".csv"))), name)
})

# The same GM system and boroughs: from a GeoPackage in EPSG:27700, and as
# sf objects in EPSG:4326, which the library reprojects back (sf and the
# library may choose transformations a millimetre apart: areas and area
# shares equal to a millionth); the same people, classes and findings.
test_that("an sf configuration in EPSG:4326 equals the same polygons from a GeoPackage", {
  gm_codes <- sprintf("E080000%02d", 1:10)
  place <- builtin_sf("utla21")
  place <- place[place$utla21_code %in% gm_codes, ]
  system <- builtin_sf("stp21")
  system <- system[system$stp21_name == "Greater Manchester Health and Social Care Partnership", ]
  expect_identical(nrow(place), 10L)
  expect_identical(nrow(system), 1L)
  place <- sf::st_transform(place, 27700)
  system <- sf::st_transform(system, 27700)
  gpkg <- tempfile(fileext = ".gpkg")
  sf::st_write(system, gpkg, "system", quiet = TRUE)
  sf::st_write(place, gpkg, "place", quiet = TRUE)

  from_file <- check(tiers = list(system = paste0(gpkg, ":system"),
                                  place = paste0(gpkg, ":place")))
  from_sf <- check(tiers = list(system = sf::st_transform(system, 4326),
                                place = sf::st_transform(place, 4326)))

  expect_identical(attr(from_sf, "tables"), attr(from_file, "tables"))
  for (name in c("units", "nesting", "findings")) {
    got <- from_sf[[name]]
    want <- from_file[[name]]
    expect_identical(names(got), names(want))
    for (col in names(want)) {
      if (is.double(want[[col]]))
        expect_equal(got[[col]], want[[col]], tolerance = if (grepl("area", col)) 1e-6 else 1e-12,
                     label = paste(name, col))
      else
        expect_identical(got[[col]], want[[col]], label = paste(name, col))
    }
  }
  expect_identical(from_sf$findings.json$findings, from_file$findings.json$findings)
  expect_equal(as.numeric(sf::st_area(from_sf$place)), as.numeric(sf::st_area(from_file$place)),
               tolerance = 1e-6)
  # the ten boroughs are the places: coterminous with utla21, 2.85 million people
  expect_equal(sum(from_sf$units$pop[from_sf$units$tier == "place"]), 2848286)
  expect_identical(sf::st_crs(from_sf$place)$epsg, 27700L)
})

test_that("squares in EPSG:4326 are reprojected to the same answer", {
  # straight edges through round-tripped vertices: areas unchanged to ~1e-6
  sq <- squares()
  r <- fit(sf::st_transform(sq$a, 4326), sf::st_transform(sq$b, 4326), pop = FALSE)
  expect_equal(r$a_units$area_m2, rep(10000, 3), tolerance = 1e-6)
  expect_equal(r$pairs$b_area_share, c(2 / 3, 1 / 3, 1), tolerance = 1e-6)
  expect_identical(r$a_units$class, c("nested", "straddles", "unmatched"))
  expect_identical(r$summary$crs, "EPSG:27700")
})

test_that("the measuring CRS option changes areas", {
  # in Web Mercator at latitude ~52.6 N areas are inflated by about 1/cos^2(lat)
  sq <- squares()
  r <- fit(sq$a, sq$b, pop = FALSE, crs = "EPSG:3857")
  lat <- sf::st_coordinates(sf::st_transform(sf::st_centroid(sf::st_geometry(sq$a)[1]), 4326))[2]
  expect_equal(r$a_units$area_m2[1], 10000 / cos(lat * pi / 180)^2, tolerance = 0.01)
  expect_identical(r$summary$crs, "EPSG:3857")
})

test_that("a custom population base gives the hand-computed fit", {
  # six 50 x 100 m cells over A1..A3 with 100, 200, ..., 600 people
  cells <- source_file("tests", "cases", "python", "pop_cells.geojson")
  sq <- squares()
  r <- fit(sq$a, sq$b, pop = cells, pop_field = "people", pop_id = "cell_code")
  expect_equal(r$pairs$pop, c(300, 300, 400))
  expect_equal(r$pairs$a_pop_share, c(1, 3 / 7, 4 / 7), tolerance = 1e-12)
  expect_equal(r$summary$indices$pop_fit_a_in_b, 1 / 3)
  expect_equal(r$summary$indices$pop_fit_b_in_a, 0.7)
  expect_error(fit(sq$a, sq$b, pop = cells, pop_field = "residents"), "residents",
               class = "coterm_error_format")
})

# A1 drawn as a bow tie (self-intersecting): repaired, with a warning of
# class coterm_repair worded as the CLI's, and kept in the result.
test_that("repairs are coterm_repair warnings with the CLI's text", {
  sq <- squares()
  bad <- sq$a
  x <- 400000 + c(0, 100, 0, 100, 0)
  y <- 300000 + c(0, 100, 100, 0, 0)
  sf::st_geometry(bad)[[1]] <- sf::st_polygon(list(cbind(x, y)))
  gpkg <- tempfile(fileext = ".gpkg")
  sf::st_write(bad, gpkg, "bad", quiet = TRUE)
  spec <- paste0(gpkg, ":bad")
  res <- run_cli("fit", spec, paste0(gpkg, ":bad"), "--no-pop", "-q")
  from_file <- with_warnings(fit(spec, spec, pop = FALSE))
  expect_identical(from_file$warnings, cli_warnings(res$stderr))
  expect_match(from_file$warnings, "feature A1: invalid geometry .* repaired", all = FALSE)

  expect_warning(r <- fit(bad, sq$b, pop = FALSE), "sf a: feature A1: invalid geometry",
                 class = "coterm_repair")
  expect_identical(diagnostics(r)$kind, "repair")
  expect_identical(r$summary$inputs$a$repairs, 1L)
  # the bow tie's two triangles: half the square
  expect_equal(r$a_units$area_m2[1], 5000, tolerance = 1e-12)
  expect_error(fit(bad, sq$b, pop = FALSE, strict = TRUE), class = "coterm_error_geometry")
})
