//! OGC API – Features over HTTP, and GDAL as a real client: `ogrinfo` lists the collections,
//! `ogr2ogr` copies the units to a GeoPackage with every feature intact.

mod common;

use std::process::Command;

use serde_json::Value;

async fn app_with_lai_chau() -> common::TestApp {
    let app = common::spawn_app().await;
    // The unit list first (the province and its communes), then their boundaries.
    for name in ["laichau_units_2025.json", "laichau_communes_2025.geojson"] {
        let file = format!("{}/../../data/{name}", env!("CARGO_MANIFEST_DIR"));
        let import = plantrack_gis::read_units_file(std::path::Path::new(&file), &mut |_, _| {})
            .expect("read the Lai Châu data");
        app.planning
            .db
            .import_units(&import)
            .await
            .expect("import it");
    }
    app
}

async fn get(app: &common::TestApp, path: &str) -> (u16, String, Value) {
    let resp = reqwest::get(app.url(path))
        .await
        .expect("the server answers");
    let status = resp.status().as_u16();
    let kind = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = resp.json().await.unwrap_or(Value::Null);
    (status, kind, body)
}

fn rel<'a>(doc: &'a Value, rel: &str) -> Option<&'a str> {
    doc["links"].as_array()?.iter().find(|l| l["rel"] == rel)?["href"].as_str()
}

#[tokio::test]
async fn units_are_served_as_ogc_features_with_paging_and_bbox() {
    let app = app_with_lai_chau().await;
    let (status, _, landing) = get(&app, "/ogc").await;
    assert_eq!(status, 200);
    assert!(rel(&landing, "data").unwrap().ends_with("/ogc/collections"));
    let (_, _, conf) = get(&app, "/ogc/conformance").await;
    assert!(conf["conformsTo"].to_string().contains("conf/geojson"));
    let (_, _, cols) = get(&app, "/ogc/collections").await;
    assert_eq!(cols["collections"][0]["id"], "units");

    let (status, kind, page) = get(&app, "/ogc/collections/units/items?limit=10").await;
    assert_eq!((status, kind.as_str()), (200, "application/geo+json"));
    assert_eq!(page["numberMatched"], 38);
    assert_eq!(page["numberReturned"], 10);
    let next = rel(&page, "next").expect("a next link");
    assert!(next.contains("offset=10"), "{next}");
    let (_, _, last) = get(&app, "/ogc/collections/units/items?limit=10&offset=30").await;
    assert_eq!(last["numberReturned"], 8);
    assert!(rel(&last, "next").is_none() && rel(&last, "prev").is_some());

    // A box around Lai Châu town holds a few units, not all.
    let (_, _, boxed) = get(
        &app,
        "/ogc/collections/units/items?bbox=103.40,22.38,103.50,22.45",
    )
    .await;
    let n = boxed["numberMatched"].as_i64().unwrap();
    assert!((1..38).contains(&n), "{n} units in the box");
    assert!(
        boxed["features"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == "03388")
    );

    let (status, _, one) = get(&app, "/ogc/collections/units/items/03390").await;
    assert_eq!(
        (status, one["properties"]["name"].as_str()),
        (200, Some("Bình Lư"))
    );
    let (status, kind, _) = get(&app, "/ogc/collections/units/items/99999").await;
    assert_eq!((status, kind.as_str()), (404, "application/problem+json"));
    let (status, _, problem) = get(&app, "/ogc/collections/units/items?bbox=1,2,3").await;
    assert_eq!((status, problem["field"].as_str()), (400, Some("bbox")));
}

fn gdal() -> bool {
    let found = Command::new("ogr2ogr").arg("--version").output().is_ok();
    if !found && std::env::var("PLANTRACK_GDAL_TESTS").as_deref() == Ok("1") {
        panic!("GDAL is required (PLANTRACK_GDAL_TESTS=1): apt-get install gdal-bin");
    }
    if !found {
        eprintln!("skipped: GDAL (ogrinfo, ogr2ogr) is not installed");
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gdal_reads_the_units_and_copies_them_intact() {
    if !gdal() {
        return;
    }
    let app = app_with_lai_chau().await;
    let source = format!("OAPIF:{}", app.url("/ogc"));
    let dir = std::env::temp_dir().join(format!("plantrack-ogc-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let gpkg = dir.join("units.gpkg");
    let (listing, copied, back) = {
        let (source, gpkg) = (source.clone(), gpkg.clone());
        tokio::task::spawn_blocking(move || {
            let listing = Command::new("ogrinfo")
                .args(["-ro", "-q", &source])
                .output()
                .unwrap();
            let copied = Command::new("ogr2ogr")
                .args(["-f", "GPKG"])
                .arg(&gpkg)
                .args([&source, "units"])
                .output()
                .unwrap();
            let back = Command::new("ogr2ogr")
                .args(["-f", "GeoJSON", "/vsistdout/"])
                .arg(&gpkg)
                .arg("units")
                .output()
                .unwrap();
            (listing, copied, back)
        })
        .await
        .unwrap()
    };
    let listed = String::from_utf8_lossy(&listing.stdout);
    assert!(
        listed.contains("units"),
        "ogrinfo lists the collection: {listed} {}",
        String::from_utf8_lossy(&listing.stderr)
    );
    assert!(
        copied.status.success(),
        "ogr2ogr: {}",
        String::from_utf8_lossy(&copied.stderr)
    );
    let copy: Value =
        serde_json::from_slice(&back.stdout).expect("the GeoPackage read back as GeoJSON");
    let features = copy["features"].as_array().unwrap();
    assert_eq!(features.len(), 38, "every unit copied");
    // Every geometry intact: the same coordinates as the API serves, to 1e-9°.
    for f in features {
        let code = f["properties"]["code"].as_str().expect("the code property");
        let (_, _, ours) = get(&app, &format!("/ogc/collections/units/items/{code}")).await;
        let flat = |v: &Value| -> Vec<f64> {
            let mut out = Vec::new();
            fn walk(v: &Value, out: &mut Vec<f64>) {
                match v {
                    Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                    Value::Number(n) => out.push(n.as_f64().unwrap()),
                    _ => {}
                }
            }
            walk(&v["geometry"]["coordinates"], &mut out);
            out
        };
        let (a, b) = (flat(f), flat(&ours));
        assert_eq!(a.len(), b.len(), "{code}: same number of coordinates");
        assert!(
            a.iter().zip(&b).all(|(x, y)| (x - y).abs() < 1e-9),
            "{code}: coordinates differ"
        );
        assert_eq!(f["properties"]["name"], ours["properties"]["name"]);
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// A published layer is a collection for signed-in callers of its province, not for others;
/// GDAL reads it with an API token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn published_layers_are_collections_for_the_province() {
    use plantrack_domain::access::{OrgKind, Role};
    let app = app_with_lai_chau().await;
    let db = &app.planning.db;
    let org = db
        .create_organisation(
            OrgKind::SectorDepartment,
            "Bộ Chỉ huy Quân sự tỉnh Lai Châu",
            "12",
            None,
        )
        .await
        .unwrap();
    let user = db
        .create_user(plantrack_store::accounts::NewUser {
            username: "quansu".into(),
            display_name: "Cán bộ quân sự".into(),
            password: "mật-khẩu-thử-nghiệm-dài".into(),
            role: Role::DepartmentOfficer,
            organisation_id: org.id,
        })
        .await
        .unwrap();
    let (token, _) = db
        .create_token(user.id, "gdal", chrono::Utc::now())
        .await
        .unwrap();
    let square = |id: &str, lon: f64| {
        serde_json::json!({"type": "Feature", "id": id, "properties": {"category": "defence_security"},
            "geometry": {"type": "Polygon", "coordinates": [[[lon, 22.40], [lon + 0.01, 22.40], [lon + 0.01, 22.41], [lon, 22.41], [lon, 22.40]]]}})
    };
    let resp = app
        .client
        .post(app.url("/api/v1/layers"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"key": "quoc-phong", "name": "Đất quốc phòng", "publish": true,
            "content": {"type": "FeatureCollection", "features": [square("QP-1", 103.40), square("QP-2", 103.50), square("QP-3", 103.60)]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 201);

    // Anonymous: units only, and the layer's items are refused.
    let (_, _, public) = get(&app, "/ogc/collections").await;
    assert_eq!(public["collections"].as_array().unwrap().len(), 1);
    let (status, _, _) = get(&app, "/ogc/collections/layer-quoc-phong/items").await;
    assert_eq!(status, 401);
    // With the token: the layer, paged and filtered.
    let authed = |path: &str| {
        let req = app.client.get(app.url(path)).bearer_auth(&token);
        async move { req.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let cols = authed("/ogc/collections").await;
    assert!(
        cols["collections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "layer-quoc-phong")
    );
    let page = authed("/ogc/collections/layer-quoc-phong/items?limit=2").await;
    assert_eq!(
        (
            page["numberMatched"].as_i64(),
            page["numberReturned"].as_i64()
        ),
        (Some(3), Some(2))
    );
    assert!(rel(&page, "next").is_some());
    let boxed =
        authed("/ogc/collections/layer-quoc-phong/items?bbox=103.45,22.3,103.55,22.5").await;
    assert_eq!(boxed["features"][0]["id"], "QP-2");
    assert_eq!(boxed["numberMatched"], 1);
    let one = authed("/ogc/collections/layer-quoc-phong/items/QP-3").await;
    assert_eq!(one["properties"]["category"], "defence_security");

    if !gdal() {
        return;
    }
    let source = format!("OAPIF:{}", app.url("/ogc"));
    let out = tokio::task::spawn_blocking(move || {
        Command::new("ogr2ogr")
            .env(
                "GDAL_HTTP_HEADERS",
                format!("Authorization: Bearer {token}"),
            )
            .args(["-f", "GeoJSON", "/vsistdout/", &source, "layer-quoc-phong"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let copy: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        copy["features"].as_array().unwrap().len(),
        3,
        "GDAL reads every feature"
    );
}
