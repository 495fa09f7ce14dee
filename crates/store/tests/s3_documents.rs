//! The document store in an S3-compatible bucket, against a real S3 server run by the test
//! (moto's server mode; skipped, saying so, when `moto_server` is not installed — CI installs
//! it): what one server keeps, another reads, lists and can restore; a wrong bucket stops a
//! store at its opening check.

use plantrack_store::blobs::{BlobError, BlobStore, StoredBlob};
use plantrack_store::testing::MotoServer;
use sha2::{Digest, Sha256};

const LIMIT: u64 = 20_000_000;

#[tokio::test]
async fn documents_kept_in_an_s3_bucket_are_read_by_every_server() {
    let Some(moto) = MotoServer::start().await else {
        eprintln!("SKIPPED: moto_server is not installed (pip install 'moto[server]')");
        return;
    };
    moto.create_bucket("plantrack-docs").await;
    let url = "s3://plantrack-docs/province-12";
    let a = BlobStore::s3_with(url, moto.settings(), LIMIT).unwrap();
    let b = BlobStore::s3_with(url, moto.settings(), LIMIT).unwrap();
    a.reachable().await.expect("the bucket answers");

    // A 12 MB drawing: the store sends files over 10 MiB in parts (a multipart upload).
    let mut drawing = b"AC1032".to_vec();
    drawing.extend((0..12_000_000u32).map(|i| (i % 251) as u8));
    let mut upload = a.writer("ban-ve.dwg").await.unwrap();
    for chunk in drawing.chunks(64 * 1024) {
        upload.write(chunk).await.unwrap();
    }
    let kept = upload.finish().await.unwrap();
    assert!(kept.created);
    assert_eq!(kept.sha256, hex::encode(Sha256::digest(&drawing)));
    assert_eq!(kept.media_type, "image/vnd.dwg");

    // The other server reads the same bytes, and keeps the same content once.
    assert_eq!(b.read(&kept.sha256).await.unwrap(), drawing);
    let mut again = b.writer("copy.dwg").await.unwrap();
    again.write(&drawing).await.unwrap();
    assert!(!again.finish().await.unwrap().created);

    let pdf = b"%PDF-1.7\nquyet dinh";
    let pdf_hash = hex::encode(Sha256::digest(pdf));
    assert!(b.restore(&pdf_hash, pdf).await.unwrap());
    let mut listed = vec![
        StoredBlob {
            sha256: kept.sha256.clone(),
            size: drawing.len() as u64,
        },
        StoredBlob {
            sha256: pdf_hash.clone(),
            size: pdf.len() as u64,
        },
    ];
    listed.sort();
    assert_eq!(a.list().await.unwrap(), listed);
    // Only what is under the store's prefix is its own.
    let other =
        BlobStore::s3_with("s3://plantrack-docs/province-01", moto.settings(), LIMIT).unwrap();
    assert!(other.list().await.unwrap().is_empty());
    assert!(matches!(
        other.read(&pdf_hash).await,
        Err(BlobError::Missing(_))
    ));

    a.forget(&kept).await.unwrap();
    assert!(!b.exists(&kept.sha256).await.unwrap());
    assert!(b.exists(&pdf_hash).await.unwrap());

    // A bucket that does not exist is refused when the store is checked, with its name.
    let missing = BlobStore::s3_with("s3://no-such-bucket/x", moto.settings(), LIMIT).unwrap();
    let err = missing.reachable().await.unwrap_err();
    assert!(matches!(err, BlobError::Remote { .. }), "{err}");
    assert!(err.to_string().contains("s3://no-such-bucket/x"), "{err}");
}
