"""Greater Manchester place configurations of LSOAs, from the ONS nesting
lookup (data/england/lookup_lsoa11_msoa11_ltla21_utla21.csv), independent of
coterm:

  gm_boroughs.csv   block,system,place: the 1,673 LSOAs of the ten boroughs,
                    places = boroughs (each LSOA's ltla21)
  gm_bury_cut.csv   the same with Bury cut in two: the LSOAs of MSOAs Bury 021
                    to Bury 026 (Prestwich and Whitefield) put in place Salford

and prints the LSOAs moved and their mid-2020 people
(data/england/population20_lsoa11.csv).

    /usr/bin/python3 tests/cases/scenario/make_gm.py data/england tests/cases/scenario
"""
import sys

import pandas as pd

data, out = sys.argv[1], sys.argv[2]
lk = pd.read_csv(f"{data}/lookup_lsoa11_msoa11_ltla21_utla21.csv")
gm = lk[lk.ltla21_code.between("E08000001", "E08000010")].sort_values("lsoa11_code")
cfg = pd.DataFrame({"block": gm.lsoa11_code, "system": "Greater Manchester",
                    "place": gm.ltla21_name})
cfg.to_csv(f"{out}/gm_boroughs.csv", index=False)
num = gm.msoa11_name.str.extract(r"Bury (\d+)$")[0].astype(float)
cut = (gm.ltla21_name == "Bury") & num.between(21, 26)
cfg.loc[cut.values, "place"] = "Salford"
cfg.to_csv(f"{out}/gm_bury_cut.csv", index=False)
pop = pd.read_csv(f"{data}/population20_lsoa11.csv").set_index("lsoa11_code").total_population
print(f"{len(cfg)} LSOAs; {int(cut.sum())} Bury LSOAs put in Salford, "
      f"{int(pop[gm.lsoa11_code[cut]].sum())} people")
