//! The built site: what its assets are called, and how its files are served.
//!
//! `make site` names the WASM bundle, its JS glue and the stylesheet by a hash of their
//! content (`scripts/site.mjs`), lists the hashes in `pkg/hash.txt` and writes a brotli and a
//! gzip twin beside every text file; a site built by `cargo leptos` has plain names, no such
//! file and no twins. A name that carries its content's hash never changes meaning, so
//! browsers keep those files for a year; every other file is checked again on each use.

use std::{
    convert::Infallible,
    path::{Path, PathBuf},
};

use axum::{
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::Response,
    Router,
};
use leptos::prelude::LeptosOptions;
use tower::Service;
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

/// Where the built site's files are, and what they are called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteAssets {
    /// `pkg/hash.txt` as an absolute path, when the site has one.
    pub hash_file: Option<PathBuf>,
    /// The stylesheet's URL path: `/pkg/worldclock.<hash>.css` or `/pkg/worldclock.css`.
    pub stylesheet: String,
    /// The icon's URL path: `/pkg/worldclock.<hash>.svg` or `/favicon.svg`.
    pub icon: String,
}

/// The name every asset of the bundle starts with (cargo-leptos' `output-name`).
pub const OUTPUT_NAME: &str = "worldclock";
/// The folder of the bundle inside the site root, and its URL path.
pub const PKG_DIR: &str = "pkg";
/// Hex digits of the content hash in an asset's name (`scripts/site.mjs`).
const HASH_DIGITS: usize = 16;

/// `Cache-Control` of a file named by its content: a year, and no revalidation on reload.
const KEEP_A_YEAR: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of every other file: kept, but checked before each use (`304` when it
/// has not changed since its `Last-Modified`).
const REVALIDATE: &str = "no-cache";

impl SiteAssets {
    /// Reads `<site_root>/pkg/hash.txt`; a site without one has the plain names.
    pub fn find(site_root: &str) -> SiteAssets {
        let path = Path::new(site_root).join(PKG_DIR).join("hash.txt");
        let hashes = std::fs::read_to_string(&path).unwrap_or_default();
        let hashed = |kind: &str, extension: &str, plain: String| match hash_of(&hashes, kind) {
            Some(hash) => format!("/{PKG_DIR}/{OUTPUT_NAME}.{hash}.{extension}"),
            None => plain,
        };
        let stylesheet = hashed("css", "css", format!("/{PKG_DIR}/{OUTPUT_NAME}.css"));
        let icon = hashed("icon", "svg", "/favicon.svg".to_owned());
        let hash_file = hash_of(&hashes, "css")
            .is_some()
            .then(|| std::path::absolute(&path).unwrap_or(path));
        SiteAssets {
            hash_file,
            stylesheet,
            icon,
        }
    }

    /// Leptos' options for this site: with a hash file, its `HydrationScripts` load the
    /// hashed JS and WASM (it joins `hash_file` to the binary's folder, and joining an
    /// absolute path gives that path).
    pub fn leptos_options(&self, site_root: &str, address: std::net::SocketAddr) -> LeptosOptions {
        let builder = LeptosOptions::builder()
            .output_name(OUTPUT_NAME)
            .site_root(site_root)
            .site_pkg_dir(PKG_DIR)
            .site_addr(address);
        match &self.hash_file {
            Some(path) => builder
                .hash_files(true)
                .hash_file(path.to_string_lossy().into())
                .build(),
            None => builder.build(),
        }
    }
}

/// The built site's files under `site_root`, for the router's fallback.
///
/// Each file goes out as its brotli or gzip twin when the request accepts one (compressed
/// once by `make site`, never per request), with `Last-Modified` so a conditional request
/// gets `304`, `Vary: Accept-Encoding` (the bytes depend on it) and the `Cache-Control` its
/// name allows. A path with no file, a folder, or a method other than `GET` and `HEAD` is
/// answered by `not_found` with `404`.
pub fn site_files<F>(site_root: &str, not_found: F) -> Router
where
    F: Service<Request, Response = Response, Error = Infallible> + Clone + Send + Sync + 'static,
    F::Future: Send + 'static,
{
    let files = ServeDir::new(site_root)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .call_fallback_on_method_not_allowed(true)
        .not_found_service(not_found);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_by_name))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
}

/// Middleware: `Cache-Control` by the requested name. A file named by its content is kept
/// for a year once it has been had (`200`, `206` or `304`); everything else (other files,
/// the not-found page, and a hashed name that is not there, which a later deploy may add)
/// is revalidated.
async fn cache_by_name(request: Request, next: Next) -> Response {
    let named_by_content = is_named_by_content(request.uri().path());
    let mut response = next.run(request).await;
    let status = response.status();
    let had = status.is_success() || status == StatusCode::NOT_MODIFIED;
    let policy = if named_by_content && had {
        KEEP_A_YEAR
    } else {
        REVALIDATE
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

/// Whether `path` names an asset of the bundle by its content:
/// `/pkg/worldclock.<16 hex digits>.<extension>`.
fn is_named_by_content(path: &str) -> bool {
    let Some(name) = path
        .strip_prefix('/')
        .and_then(|path| path.strip_prefix(PKG_DIR))
        .and_then(|path| path.strip_prefix('/'))
        .and_then(|path| path.strip_prefix(OUTPUT_NAME))
        .and_then(|path| path.strip_prefix('.'))
    else {
        return false;
    };
    let Some((hash, extension)) = name.split_once('.') else {
        return false;
    };
    hash.len() == HASH_DIGITS
        && hash.bytes().all(|byte| byte.is_ascii_hexdigit())
        && !extension.is_empty()
        && !extension.contains('/')
}

/// The hash of `kind` (`js`, `wasm`, `css`) in a `hash.txt`: lines of `kind: hash`.
fn hash_of<'a>(text: &'a str, kind: &str) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let (name, hash) = line.split_once(':')?;
        (name.trim() == kind)
            .then(|| hash.trim())
            .filter(|hash| !hash.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_read_by_kind() {
        let text = "js: 0123abcd\nwasm: 4567ef01\ncss: 89abcdef\n";
        assert_eq!(hash_of(text, "css"), Some("89abcdef"));
        assert_eq!(hash_of(text, "wasm"), Some("4567ef01"));
        assert_eq!(hash_of(text, "map"), None);
        assert_eq!(hash_of("css:\n", "css"), None);
    }

    #[test]
    fn only_content_hashed_bundle_names_are_kept_a_year() {
        assert!(is_named_by_content("/pkg/worldclock.0123456789abcdef.wasm"));
        assert!(is_named_by_content("/pkg/worldclock.0123456789ABCDEF.js"));
        assert!(!is_named_by_content("/pkg/worldclock.wasm"));
        assert!(!is_named_by_content("/pkg/worldclock.css"));
        assert!(!is_named_by_content("/pkg/hash.txt"));
        assert!(!is_named_by_content("/pkg/worldclock.0123456789abcde.js"));
        assert!(!is_named_by_content("/pkg/worldclock.0123456789abcdeg.js"));
        assert!(!is_named_by_content("/pkg/worldclock.0123456789abcdef."));
        assert!(!is_named_by_content("/worldclock.0123456789abcdef.js"));
        assert!(!is_named_by_content("/pkg/other.0123456789abcdef.js"));
        assert!(!is_named_by_content("/favicon.svg"));
    }

    #[test]
    fn a_site_without_a_hash_file_has_plain_names() {
        let assets = SiteAssets::find("/nonexistent/site");
        assert_eq!(assets.hash_file, None);
        assert_eq!(assets.stylesheet, "/pkg/worldclock.css");
        assert_eq!(assets.icon, "/favicon.svg");
    }

    #[test]
    fn a_hashed_site_names_its_stylesheet_by_hash() {
        let root = std::env::temp_dir().join(format!("worldclock-site-{}", std::process::id()));
        std::fs::create_dir_all(root.join("pkg")).unwrap();
        std::fs::write(
            root.join("pkg/hash.txt"),
            "js: aa\nwasm: bb\ncss: cc\nicon: dd\n",
        )
        .unwrap();
        let assets = SiteAssets::find(root.to_str().unwrap());
        assert_eq!(assets.stylesheet, "/pkg/worldclock.cc.css");
        assert_eq!(assets.icon, "/pkg/worldclock.dd.svg");
        assert!(assets
            .hash_file
            .as_ref()
            .is_some_and(|path| path.is_absolute()));
        let options = assets.leptos_options(root.to_str().unwrap(), ([127, 0, 0, 1], 0).into());
        assert!(options.hash_files);
        std::fs::remove_dir_all(root).unwrap();
    }
}
