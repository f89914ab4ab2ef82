# check gives the CLI's tables, documents and tier geometries.

gm_config <- function() source_file("data", "examples", "check_gm_boroughs", "config.csv")

test_that("check of the Greater Manchester boroughs equals the CLI", {
  config <- gm_config()
  r <- expect_same_as_cli(c("check", config), check(config))
  expect_setequal(attr(r, "tables"), c("units", "nesting", "findings", "system", "place"))
  # the findings table and findings.json are both there
  expect_identical(nrow(r$findings), length(r$findings.json$findings))
  types <- vapply(r$findings.json$findings, function(f) f$type, "")
  expect_identical(sum(types == "population_out_of_band"), 6L)
  # against the default sub-ICB locations of 2022 (one per borough) nothing is split
  expect_false("council_split" %in% types)
})

test_that("check tiers come back as sf in EPSG:27700 with the units' areas", {
  r <- check(gm_config())
  place <- r$place
  expect_s3_class(place, "sf")
  expect_identical(nrow(place), 10L)
  expect_identical(nrow(r$system), 1L)
  expect_identical(sf::st_crs(place)$epsg, 27700L)
  units <- r$units[r$units$tier == "place", ]
  expect_equal(as.numeric(sf::st_area(place)), units$area_m2[match(place$unit, units$unit)],
               tolerance = 1e-9)
})

test_that("bands and options equal the CLI's --band, --tolerance and --against", {
  config <- gm_config()
  r <- expect_same_as_cli(
    c("check", config, "--band", "place=250000:", "--band", "system=:2000000", "--against",
      "utla21", "--tolerance", "0.02"),
    check(config, bands = list(place = c(250000, NA), system = c(NA, 2e6)),
          against = list("utla21"), tolerance = 0.02))
  # the 2.85 million people of the GM system are above its band now
  oob <- r$findings[r$findings$type == "population_out_of_band", ]
  expect_true("Greater Manchester" %in% oob$units)
  expect_identical(unique(r$nesting$layer[r$nesting$kind == "statutory"]), "utla21")
})

test_that("check takes tiers as layers, and against = list() for none", {
  r <- check(tiers = list(system = "stp21", place = "utla21"), against = list())
  expect_identical(nrow(r$system), 42L)
  expect_identical(nrow(r$place), 152L)
  expect_identical(nrow(r$units), 42L + 152L)
  expect_false(any(r$nesting$kind == "statutory"))
})

test_that("tier tables read back as tiers: ids from their unit column", {
  r <- check(gm_config())
  again <- check(tiers = list(system = r$system, place = r$place))
  expect_identical(again$place$unit, r$place$unit)
  expect_identical(again$units[, c("tier", "unit", "pop")], r$units[, c("tier", "unit", "pop")])
})

test_that("ignore and tier_ids equal the CLI's --ignore and --tier-id", {
  config <- read.csv(gm_config(), colClasses = "character")
  config$notes <- "draft"
  path <- tempfile(fileext = ".csv")
  write.csv(config, path, row.names = FALSE, quote = FALSE)
  expect_error(check(path), "notes", class = "coterm_error_format")
  r <- expect_same_as_cli(c("check", path, "--ignore", "notes"), check(path, ignore = "notes"))
  expect_identical(nrow(r$place), 10L)

  place <- r$place
  names(place)[names(place) == "unit"] <- "borough"
  gpkg <- tempfile(fileext = ".gpkg")
  sf::st_write(place, gpkg, "place", quiet = TRUE)
  spec <- paste0(gpkg, ":place")
  t <- expect_same_as_cli(c("check", "--tier", paste0("place=", spec), "--tier-id", "place=borough"),
                          check(tiers = list(place = spec), tier_ids = list(place = "borough")))
  expect_identical(sort(t$place$unit), sort(r$place$unit))
  expect_error(check(tiers = list(place = spec), tier_ids = list(nope = "x")), "not a tier",
               class = "coterm_error_invalid")
})

test_that("check takes config or tiers, not both or neither", {
  expect_error(check(), class = "coterm_error_invalid")
  expect_error(check("x.csv", tiers = list(a = "stp21")), class = "coterm_error_invalid")
})
