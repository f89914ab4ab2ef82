/* coterm: patient flows, multi-system membership, containment and intensity. */
#ifndef COTERM_CT_FLOWS_H
#define COTERM_CT_FLOWS_H

#include "ct_common.h"
#include "ct_layer.h"
#include "ct_table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Reconstruct patient flows and measure how providers, organisations and
 *  systems overlap (definitions and the method in docs/flows.md).
 *  @param flows_csv flow table with columns provider_id, origin_id (or the
 *         origin layer's id field) and either patients (counts) or share (of
 *         the provider's patients); NULL: the embedded OHID acute trust
 *         catchments (shares by ltla21 council).
 *  @param origins layer whose unit ids the table's origins are.
 *  @param systems systems layer, e.g. stp21.
 *  @param pop population base (required): residents of origins, systems,
 *         places and organisations, and the target of the reconstruction.
 *  @param opts NULL-terminated "KEY=VALUE" list, all optional:
 *    THRESHOLD=t        share that counts a zone or link (default 0.05);
 *    MIN_CONTAINMENT=c  low_containment below this (default 0.8);
 *    SHARE_TOLERANCE=e  a provider's shares must sum to 1 within e (0.01);
 *    RENORMALISE=YES    renormalise shares beyond the tolerance (warning)
 *                       instead of failing;
 *    DROP_UNKNOWN=YES   drop rows with unknown origins (or providers, with
 *                       PROVIDERS_CSV) instead of failing;
 *    PROVIDERS_CSV=path provider names (provider_id, provider_name); every
 *                       provider must be listed; NONE: no names (default:
 *                       none, or with the embedded table the embedded
 *                       trusts22.csv, where unlisted ones stay unnamed);
 *    SITES=spec         provider headquarters (points; id field = provider
 *                       id) for the providers' hq_system column (default:
 *                       trusts22 with the embedded table, else none);
 *    PLACES=spec        places: a CSV (place_id, unit_id[, place_name]) over
 *                       the origins, a coterm check configuration CSV
 *                       (block, ..., place) whose blocks are origins, or a
 *                       polygon layer spec;
 *    ORGS=spec          organisation footprints: a CSV (org_id, org_name,
 *                       unit_id) or a polygon layer spec (may overlap);
 *    ORGS_UNITS=spec    the layer an ORGS CSV's unit ids belong to (default:
 *                       the origins);
 *    COUNCILS=spec      councils counted in intensity (default utla21; NONE);
 *    COMMISSIONERS=spec commissioners counted (default ccg21; NONE);
 *    TOLERANCE=t        sliver tolerance of the population assignment (0.01).
 *  @param out result with documents "findings" and "summary" and tables
 *         (definitions in docs/flows.md):
 *         "providers": provider_id, provider_name, patients, home_system,
 *           home_share, n_systems, systems, n_places, li, home_system_name,
 *           home_place, home_place_share, places, n_origins,
 *           plurality_origins, plurality_pop, hq_system;
 *         "systems": system_id, system_name, pop, containment, n_providers,
 *           intensity, flows, contained, providers, n_councils, councils,
 *           n_commissioners, commissioners, n_orgs, orgs, organisations,
 *           top_provider, top_share;
 *         "flows": provider_id, provider_name, system_id, system_name,
 *           patients, provider_share, system_share, home;
 *         "origins": origin_id, origin_name, pop, flows, residual,
 *           residual_share, n_providers, plurality_provider,
 *           plurality_share;
 *         "catchments": provider_id, provider_name, kind, n_origins, pop,
 *           patients, patient_share, geom;
 *         with PLACES, "places": place_id, place_name, pop, containment,
 *           n_providers, flows, contained, providers;
 *         with ORGS, "orgs": org_id, org_name, n_units, pop, home_system,
 *           home_share, n_systems, systems, n_places, places, li.
 *         Free with ct_result_free.
 *  @return CT_OK, CT_EINVAL (options, NULL inputs), CT_EIO, CT_EFORMAT
 *          (missing columns), CT_EDATA (bad rows: unknown ids, negative or
 *          non-numeric values, shares not summing to 1, repeated rows),
 *          CT_ECRS, CT_EGEOM (a site that is not a point, bad polygons of
 *          a layer it opens), CT_ENOMEM, CT_EDEP or CT_EINTERNAL (the
 *          reconstruction did not converge). */
CT_EXTERN ct_status ct_flows(ct_ctx *ctx, ct_result **out, const char *flows_csv,
                             const ct_layer *origins, const ct_layer *systems,
                             const ct_pop *pop, const char *const *opts);

#ifdef __cplusplus
}
#endif
#endif
