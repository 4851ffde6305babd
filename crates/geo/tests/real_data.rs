//! Loads the real GeoNames extract when it sits beside the repository
//! (`../shared/data/geonames`); returns early when it does not.

use kibaru_geo::{find_places, resolve, Gazetteer, PlaceLevel};
use kibaru_text::Folded;
use std::path::Path;
use std::time::Instant;

#[test]
fn real_geonames_extract() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/geonames");
    if !dir.join("ML.txt").is_file() {
        eprintln!("no GeoNames data at {}: skipped", dir.display());
        return;
    }
    let t = Instant::now();
    let g = Gazetteer::load_dir(&dir).expect("load");
    let load = t.elapsed();
    eprintln!(
        "loaded {} places, {} names, countries {:?} in {:.2?} ({} skipped lines)",
        g.len(),
        g.name_count(),
        g.loaded_countries(),
        load,
        g.skipped_lines()
    );
    assert!(g.len() > 100_000, "only {} places", g.len());
    assert!(g.loaded_countries().iter().any(|c| c == "ML"));

    let place = |id| g.place(id);
    // Mopti the town ranks first; its region is Mopti.
    let mopti = place(g.lookup("Mopti")[0]);
    assert_eq!(
        (mopti.country.as_str(), mopti.feature_code.as_str()),
        ("ML", "PPLA")
    );
    assert_eq!(g.admin1_name(mopti), Some("Mopti"));
    let djibo = place(g.lookup("Djibo")[0]);
    assert_eq!(djibo.country, "BF");

    let text = "Au Mali, des hommes armés ont attaqué jeudi le village de Boni, dans le cercle de Douentza, \
                à une trentaine de kilomètres de Hombori. Dans la région de Mopti, la situation reste tendue. \
                Au Burkina Faso, une attaque a visé Djibo, dans la province du Soum.";
    let folded = Folded::new(text);
    let t = Instant::now();
    let mut m = find_places(&folded, &g);
    resolve(&mut m, &g);
    eprintln!("find+resolve in {:.2?}", t.elapsed());
    for x in &m {
        eprintln!(
            "  {:?} {:?} {:?} -> {:?}",
            folded.original_slice(x.range),
            x.cue,
            x.level,
            x.resolved.map(|id| (
                &place(id).name,
                &place(id).country,
                &place(id).admin1,
                place(id).lat,
                place(id).lon
            ))
        );
    }
    let get = |name: &str| {
        m.iter()
            .find(|x| folded.original_slice(x.range) == name)
            .unwrap_or_else(|| panic!("{name} not found"))
    };
    let boni = place(get("Boni").resolved.expect("Boni resolved"));
    assert_eq!(
        (boni.country.as_str(), boni.admin1.as_str()),
        ("ML", "04"),
        "Boni in Mopti region"
    );
    assert!(kibaru_geo::haversine_km((boni.lat, boni.lon), (15.07, -2.22)) < 20.0);
    assert_eq!(get("Mopti").level, PlaceLevel::Admin1);
    assert_eq!(place(get("Douentza").resolved.unwrap()).name, "Douentza");
    assert_eq!(place(get("Hombori").resolved.unwrap()).country, "ML");
    assert_eq!(place(get("Djibo").resolved.unwrap()).country, "BF");
    assert_eq!(get("Soum").level, PlaceLevel::Admin2);
    assert_eq!(place(get("Soum").resolved.unwrap()).name, "Djibo");
    assert_eq!(get("Mali").level, PlaceLevel::Country);
}
