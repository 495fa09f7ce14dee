//! A department publishes its layer; a commune uploads its land-use map; the server checks the
//! map against the published layer versions and keeps the result with the dossier.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::fmt::Write as _;

use plantrack_domain::access::Caller;
use plantrack_store::planning::DossierQuery;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn square(id: &str, category: &str, lon: f64, lat: f64, size: f64) -> Value {
    json!({"type": "Feature", "id": id, "properties": {"category": category},
        "geometry": {"type": "Polygon", "coordinates": [[
            [lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]]}})
}

fn collection(features: &[Value]) -> Value {
    json!({"type": "FeatureCollection", "features": features})
}

async fn token(app: &common::TestApp, username: &str) -> String {
    let user = app
        .planning
        .user(Caller::Operator, username)
        .await
        .expect("a demo account");
    app.planning
        .create_token(Caller::Operator, user.id, "test", chrono::Utc::now())
        .await
        .expect("a token")
        .0
}

/// A multipart body with the upload form's fields and one file.
fn upload(version: u64, kind: &str, filename: &str, content: &str) -> (String, Vec<u8>) {
    let boundary = "plantrack-test-boundary";
    let mut body = String::new();
    for (name, value) in [
        ("version", version.to_string()),
        ("kind", kind.into()),
        ("title", "Bản đồ quy hoạch sử dụng đất".into()),
    ] {
        let _ = write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        );
    }
    let _ = write!(
        body,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/geo+json\r\n\r\n{content}\r\n--{boundary}--\r\n"
    );
    (
        format!("multipart/form-data; boundary={boundary}"),
        body.into_bytes(),
    )
}

#[tokio::test]
async fn a_land_use_map_is_checked_against_the_published_layers() {
    let app = common::spawn_app().await;
    plantrack::demo::load(&app.planning, &mut |_| {})
        .await
        .unwrap();
    plantrack::demo::create_demo_accounts(&app.planning)
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let (defence, commune) = (token(&app, "quansu").await, token(&app, "xa-03390").await);

    // The provincial military command publishes its layer twice: versions 1 and 2, both kept.
    for (n, size) in [(1, 0.004), (2, 0.002)] {
        let resp = client
            .post(app.url("/api/v1/layers"))
            .bearer_auth(&defence)
            .json(&json!({"key": "quoc-phong", "name": "Đất quốc phòng", "publish": true,
                "content": collection(&[square("QP-7", "defence_security", 103.677, 22.353, size)])}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::CREATED);
        assert_eq!(resp.json::<Value>().await.unwrap()["version"], n);
    }
    // The agriculture department's rice layer is uploaded but not published yet.
    let farming = token(&app, "so-nongnghiep").await;
    let unpublished = client
        .post(app.url("/api/v1/layers"))
        .bearer_auth(&farming)
        .json(
            &json!({"key": "dat-lua", "name": "Đất trồng lúa", "publish": false,
            "content": collection(&[square("L-1", "rice_land", 103.60, 22.30, 0.01)])}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(unpublished.status(), StatusCode::CREATED);
    let layers = app
        .planning
        .layers(Caller::Operator, Some("12"))
        .await
        .unwrap();
    let defence_layer = layers.iter().find(|l| l.key == "quoc-phong").unwrap();
    assert_eq!(
        (
            defence_layer.latest_version,
            defence_layer.published_version
        ),
        (2, Some(2))
    );
    // A commune may not publish a layer.
    let refused = client
        .post(app.url("/api/v1/layers"))
        .bearer_auth(&commune)
        .json(&json!({"key": "x", "name": "x", "content": collection(&[])}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let (list, _) = app
        .planning
        .dossiers(
            Caller::Operator,
            DossierQuery {
                unit: Some("03390".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let id = list[0].dossier_id;
    let version = app
        .planning
        .dossier(Caller::Operator, id)
        .await
        .unwrap()
        .state
        .version;

    // A map whose zone the rule table does not know is refused, naming it; nothing changes.
    let bad = collection(&[square("Z-9", "casino", 103.676, 22.352, 0.002)]).to_string();
    let (kind, body) = upload(version, "gis_data", "ban-do.geojson", &bad);
    let resp = client
        .post(app.url(&format!("/api/v1/dossiers/{id}/documents")))
        .bearer_auth(&commune)
        .header("content-type", kind)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = resp.json().await.unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains("Z-9"),
        "{problem}"
    );
    assert_eq!(
        app.planning
            .dossier(Caller::Operator, id)
            .await
            .unwrap()
            .state
            .version,
        version
    );

    // A residential zone half over the (version 2) defence area.
    let map = collection(&[
        square("R-1", "residential", 103.676, 22.353, 0.002),
        square("G-1", "green_space", 103.690, 22.353, 0.002),
    ])
    .to_string();
    // The same map sent with a stale version: read and checked, then refused with the
    // command; its check is not kept, for it belongs to an event that never was.
    let (kind, body) = upload(version - 1, "gis_data", "ban-do.geojson", &map);
    let resp = client
        .post(app.url(&format!("/api/v1/dossiers/{id}/documents")))
        .bearer_auth(&commune)
        .header("content-type", kind)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PRECONDITION_FAILED);
    assert!(
        app.planning
            .landuse_checks(Caller::Operator, id)
            .await
            .unwrap()
            .is_empty(),
        "a refused upload kept a check"
    );

    let (kind, body) = upload(version, "gis_data", "ban-do.geojson", &map);
    let resp = client
        .post(app.url(&format!("/api/v1/dossiers/{id}/documents")))
        .bearer_auth(&commune)
        .header("content-type", kind)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status(),
        StatusCode::OK,
        "{}",
        resp.text().await.unwrap_or_default()
    );

    let checks: Value = client
        .get(app.url(&format!("/api/v1/dossiers/{id}/landuse-checks")))
        .bearer_auth(&commune)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let check = &checks[0];
    assert_eq!(
        check["layers"],
        json!([{"key": "quoc-phong", "version": 2}])
    );
    assert_eq!(check["event_seq"], version + 1);
    let conflicts = check["report"]["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(
        (
            conflicts[0]["zone"].as_str(),
            conflicts[0]["verdict"].as_str()
        ),
        (Some("R-1"), Some("forbidden"))
    );
    // Half of R-1 (0.002° × 0.002°) is 0.001° × 0.002° ≈ 103 m × 222 m near 22.35° N.
    let area = conflicts[0]["area_m2"].as_f64().unwrap();
    assert!((20_000.0..25_000.0).contains(&area), "{area}");
    assert!((conflicts[0]["share_of_zone"].as_f64().unwrap() - 0.5).abs() < 1e-3);
    assert_eq!(check["report"]["layers"][0]["status"], "checked");
    // The unpublished layer is reported as not checked, apart from the checked ones.
    assert_eq!(check["report"]["not_checked"][0]["layer"], "dat-lua");

    // The dossier page shows the same, as a table.
    let session = app
        .planning
        .user(Caller::Operator, "xa-03390")
        .await
        .unwrap();
    let (secret, _) = app
        .planning
        .create_session(session.id, chrono::Utc::now())
        .await
        .unwrap();
    let page = client
        .get(app.url(&format!("/dossiers/{id}")))
        .header("cookie", format!("plantrack_session={secret}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let table = page
        .split("id=\"conflicts\"")
        .nth(1)
        .expect("a conflicts table on the dossier page");
    assert!(
        table.contains("R-1") && table.contains("QP-7"),
        "the conflict is listed"
    );
    assert!(
        page.contains("quoc-phong v2"),
        "the layer version checked against is named"
    );
    assert!(
        table.contains("Bộ Chỉ huy Quân sự tỉnh"),
        "the department to consult is named"
    );
    // Categories are named in the reader's language, never by their keys.
    assert!(
        table.contains("(Đất ở)") && table.contains("(Đất quốc phòng, an ninh)"),
        "the categories are named: {table}"
    );
    assert!(
        !table.contains("residential") && !table.contains("defence_security"),
        "no category key on the page: {table}"
    );

    // The appraisal reads the same check: the defence item needs revision, with its figures;
    // items whose layers were never published have no data rather than a pass.
    let appraisal: Value = client
        .get(app.url(&format!("/api/v1/dossiers/{id}/appraisal")))
        .bearer_auth(&commune)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        appraisal["checklist"], "vn.12.commune_general@1+vn.commune_general@1",
        "{appraisal}"
    );
    let item = |key: &str| {
        appraisal["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == key)
            .unwrap_or_else(|| panic!("item {key} in {appraisal}"))
            .clone()
    };
    let defence = item("defence_security");
    assert_eq!(defence["source"], "auto");
    assert_eq!(defence["verdict"], "needs_revision", "{defence}");
    let figures = defence["auto"]["figures"].as_array().unwrap();
    assert!(
        figures
            .iter()
            .any(|f| f["key"] == "forbidden_conflicts" && f["value"] == 1.0),
        "{defence}"
    );
    assert_eq!(item("forests")["verdict"], "no_data");
    assert_eq!(item("lc_hazards")["verdict"], "no_data");
    assert_eq!(item("lc_hazards")["scope"], "province");
    // The plan has homes and a park, and no school, clinic or market.
    assert_eq!(item("services")["verdict"], "needs_revision");
    assert_eq!(item("gis_data")["document_attached"], true);
    assert_eq!(item("phasing")["verdict"], "open");
    assert_eq!(item("phasing")["source"], "manual");

    // The command line gives the same, in the contract's JSON, and in words.
    let cli = |format: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_plantrack"))
            .args([
                "--db",
                app.db_url(),
                "--lang",
                "vi",
                "appraisal",
                "show",
                &id.to_string(),
            ])
            .args(["--format", format])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let shown: Value = serde_json::from_str(&cli("json")).unwrap();
    let items = shown["items"].as_array().unwrap();
    assert_eq!(items.len(), appraisal["items"].as_array().unwrap().len());
    for i in items {
        assert!(
            i["key"].is_string()
                && matches!(i["source"].as_str(), Some("auto" | "manual"))
                && i["verdict"].is_string()
                && !i["basis"].as_str().unwrap().is_empty(),
            "{i}"
        );
    }
    let text = cli("table");
    assert!(
        text.contains("[Cần chỉnh sửa] defence_security") && text.contains("1 chồng lấn bị cấm"),
        "{text}"
    );

    // The dossier page links the appraisal page, which reads the same in words.
    assert!(
        page.contains(&format!("/dossiers/{id}/appraisal")),
        "no appraisal link"
    );
    let appraisal_page = client
        .get(app.url(&format!("/dossiers/{id}/appraisal")))
        .header("cookie", format!("plantrack_session={secret}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let row = appraisal_page
        .split("data-key=\"defence_security\"")
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .expect("the defence item's row");
    assert!(
        row.contains("Không chồng lấn đất quốc phòng, an ninh")
            && row.contains("Cần chỉnh sửa")
            && row.contains("1 chồng lấn bị cấm"),
        "{row}"
    );
    for key in [
        "appraisal-verdict-",
        "appraisal-figure-",
        "appraisal-page-",
        "appraisal-source-",
    ] {
        assert!(!appraisal_page.contains(key), "an untranslated key: {key}");
    }

    // The consultant's CAD drawing of the same zone (a closed polyline on the layer named
    // after its category, in Lai Châu's TM-3 plane, as a DXF says no coordinate system) is
    // read and checked the same way.
    let to_plane = plantrack_gis::crs::Transformer::new(
        plantrack_gis::crs::Crs::Wgs84,
        plantrack_gis::crs::Crs::province_tm3("12").unwrap(),
    )
    .unwrap();
    let corners: Vec<(f64, f64)> = [(0.0, 0.0), (0.002, 0.0), (0.002, 0.002), (0.0, 0.002)]
        .iter()
        .map(|(dx, dy)| to_plane.transform(103.676 + dx, 22.353 + dy).unwrap())
        .collect();
    let vertices = corners.iter().fold(String::new(), |mut s, (x, y)| {
        let _ = write!(s, "10\n{x}\n20\n{y}\n");
        s
    });
    let dxf = format!(
        "0\nSECTION\n2\nENTITIES\n0\nLWPOLYLINE\n5\n1F\n8\nresidential\n70\n1\n{vertices}0\nENDSEC\n0\nEOF\n"
    );
    let (kind, body) = upload(version + 1, "gis_data", "ban-do.dxf", &dxf);
    let resp = client
        .post(app.url(&format!("/api/v1/dossiers/{id}/documents")))
        .bearer_auth(&commune)
        .header("content-type", kind)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status(),
        StatusCode::OK,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let checks: Value = client
        .get(app.url(&format!("/api/v1/dossiers/{id}/landuse-checks")))
        .bearer_auth(&commune)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let drawn = checks
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["event_seq"] == version + 2)
        .expect("the drawing's check");
    let cad_conflicts = drawn["report"]["conflicts"].as_array().unwrap();
    assert_eq!(cad_conflicts.len(), 1, "{cad_conflicts:?}");
    assert_eq!(
        cad_conflicts[0]["zone"], "1F",
        "a drawing names zones by entity handle"
    );
    let cad_area = cad_conflicts[0]["area_m2"].as_f64().unwrap();
    // Within the ~1 mm a 2D datum shift's round trip leaves (see the check CLI test).
    assert!(
        (cad_area - area).abs() / area < 2e-5,
        "{cad_area} vs {area}"
    );
}

/// Issue 12: a zipped "Shapefile" whose .shp unpacks to 64 MiB from about 64 KB, uploaded as
/// the land-use map, is refused (413, in the reader's language) before it is unpacked, and
/// nothing of it is kept.
#[tokio::test]
async fn a_zip_bomb_uploaded_as_the_map_is_refused_and_not_kept() {
    use std::io::Write as _;
    let app = common::spawn_app().await;
    plantrack::demo::load(&app.planning, &mut |_| {})
        .await
        .unwrap();
    plantrack::demo::create_demo_accounts(&app.planning)
        .await
        .unwrap();
    let commune = token(&app, "xa-03390").await;
    let (list, _) = app
        .planning
        .dossiers(
            Caller::Operator,
            DossierQuery {
                unit: Some("03390".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let id = list[0].dossier_id;
    let dossier = |app: &common::TestApp| {
        let planning = app.planning.clone();
        async move { planning.dossier(Caller::Operator, id).await.unwrap().state }
    };
    let before = dossier(&app).await;

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for ext in ["shx", "dbf", "prj"] {
        zip.start_file(format!("ban-do.{ext}"), options).unwrap();
        zip.write_all(b"tiny").unwrap();
    }
    zip.start_file("ban-do.shp", options).unwrap();
    let chunk = vec![0u8; 1 << 16];
    for _ in 0..1024 {
        zip.write_all(&chunk).unwrap();
    }
    let bomb = zip.finish().unwrap().into_inner();
    assert!(bomb.len() < 200_000, "{}", bomb.len());

    let boundary = "plantrack-test-boundary";
    let mut body = Vec::new();
    for (name, value) in [
        ("version", before.version.to_string()),
        ("kind", "gis_data".into()),
        ("title", "Bản đồ quy hoạch sử dụng đất".into()),
    ] {
        let _ = write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        );
    }
    let _ = write!(
        body,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ban-do.zip\"\r\nContent-Type: application/zip\r\n\r\n"
    );
    body.extend_from_slice(&bomb);
    let _ = write!(body, "\r\n--{boundary}--\r\n");
    let resp = app
        .client
        .post(app.url(&format!("/api/v1/dossiers/{id}/documents")))
        .bearer_auth(&commune)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header("accept-language", "vi")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        resp.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    let problem: Value = resp.json().await.unwrap();
    assert_eq!(
        problem["type"], "urn:plantrack:problem:archive-too-large",
        "{problem}"
    );
    assert_eq!(
        problem["detail"],
        "Tệp nén giải ra quá lớn (hơn 500 MB hoặc gấp hơn 20 lần tệp gửi lên); hãy gửi dữ liệu đã giải nén hoặc chia nhỏ."
    );
    assert_eq!(dossier(&app).await, before, "the dossier did not change");
    // Nothing kept: no file under its hash, no partial upload.
    let mut left = Vec::new();
    for entry in std::fs::read_dir(app.documents_folder()).unwrap() {
        let path = entry.unwrap().path();
        left.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
    }
    assert!(left.is_empty(), "{left:?}");
}
