/* coterm: neighbourhoods, i.e. Primary Care Network footprints built from
 * practices, catchments and registrations, measured like any other tier. */
#ifndef COTERM_CT_PCN_H
#define COTERM_CT_PCN_H

#include "ct_common.h"
#include "ct_layer.h"
#include "ct_table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Assign each small area of the population base to PCNs and measure the
 *  footprints against councils, CCGs, systems and places (docs/pcn.md).
 *  @param pop population base with centroids (the default lsoa11 base).
 *  @param opts NULL-terminated "KEY=VALUE" list, all optional:
 *    MEMBERSHIP=CSV     practice_code,pcn_code,pcn_name,ccg21_code,stp21_code
 *                       (default: the embedded practices22_pcn.csv);
 *    PRACTICES=LAYER    practice points with practice_code (default practices24);
 *    CATCHMENTS=LAYER   PCN catchment polygons, ids = PCN codes
 *                       (default pcn_catchments20; NONE: practices only);
 *    REGISTRATIONS=CSV  registered patients by practice and small area
 *                       (columns REG_AREA_FIELD, practice_code, patients and
 *                       REG_PCN_FIELD); its PCNs are split by registrations;
 *    REG_AREA_FIELD=F   small-area column (default lsoa21_code);
 *    REG_PCN_FIELD=F    PCN column (default pcn_code; empty: use MEMBERSHIP);
 *    REG_AREAS=LAYER    polygons of codes the base lacks, to bridge them
 *                       (default lsoa21_staffs; NONE: count them unused);
 *    LTLA, UTLA, CCG, SYSTEM=LAYER  parents (default ltla21, utla21, ccg21,
 *                       stp21; NONE leaves one out, except LTLA);
 *    PLACES=LAYER|CSV   places: a polygon layer, or a configuration CSV with
 *                       columns block and PLACE_FIELD (default "place");
 *    TOLERANCE=x        share in [0, 0.49] below which a straddle is ignored
 *                       (default 0.05);
 *    BAND=LOW:HIGH      population band of a PCN (default 30000:50000).
 *  @param out result with documents "findings" and "summary" and tables
 *         (definitions in docs/pcn.md):
 *         "pcn": pcn_code, pcn_name, pop, n_practices, ccg_code, stp_code,
 *           best_ltla, best_ltla_share, class, uncertain_pop, n_areas,
 *           practice_ccgs, ltla_pop_outside, then for each other parent P
 *           given (utla, ccg, system, place, in that order): best_P,
 *           best_P_share, P_class, P_pop_outside; ccg_agrees with a CCG
 *           parent; registered and pop_geometric with REGISTRATIONS;
 *         "areas": area_id, pcn_code, share, method, pop, uncertain;
 *         "neighbourhoods" (one row per PCN that is the main PCN of some
 *           small area): pcn_code, pcn_name, pop, pop_drawn, uncertain_pop,
 *           n_areas, geom;
 *         "config" (a check configuration): block, system (with a system
 *           parent), place (with places), neighbourhood;
 *         with REGISTRATIONS, "validation": pcn_code, pcn_name, registered,
 *           pop, pop_geometric, error_vs_registered, error_geometric,
 *           uncertain_geometric.
 *         Free with ct_result_free.
 *  @return CT_OK, CT_EINVAL, CT_EIO, CT_EFORMAT, CT_EDATA (e.g. duplicate
 *          practices, bad patient counts, unknown blocks), CT_ECRS,
 *          CT_EGEOM, CT_ENOMEM, CT_EDEP or CT_EINTERNAL (a bug). */
CT_EXTERN ct_status ct_pcn(ct_ctx *ctx, ct_result **out, const ct_pop *pop,
                           const char *const *opts);

#ifdef __cplusplus
}
#endif
#endif
