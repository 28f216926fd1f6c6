//! The built site's asset names: `make build` names the WASM bundle, its JS glue and the
//! stylesheet by a hash of their content (`scripts/site.mjs`) and lists the hashes in
//! `pkg/hash.txt`; a site built by `cargo leptos` has plain names and no such file.

use std::path::{Path, PathBuf};

use leptos::prelude::LeptosOptions;

/// Where the built site's files are, and what they are called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteAssets {
    /// `pkg/hash.txt` as an absolute path, when the site has one.
    pub hash_file: Option<PathBuf>,
    /// The stylesheet's URL path: `/pkg/worldclock.<hash>.css` or `/pkg/worldclock.css`.
    pub stylesheet: String,
}

/// The name every asset of the bundle starts with (cargo-leptos' `output-name`).
pub const OUTPUT_NAME: &str = "worldclock";
/// The folder of the bundle inside the site root, and its URL path.
pub const PKG_DIR: &str = "pkg";

impl SiteAssets {
    /// Reads `<site_root>/pkg/hash.txt`; a site without one has the plain names.
    pub fn find(site_root: &str) -> SiteAssets {
        let path = Path::new(site_root).join(PKG_DIR).join("hash.txt");
        let css_hash = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| hash_of(&text, "css").map(str::to_owned));
        let hash_file = css_hash
            .is_some()
            .then(|| std::path::absolute(&path).unwrap_or(path));
        let stylesheet = match css_hash {
            Some(hash) => format!("/{PKG_DIR}/{OUTPUT_NAME}.{hash}.css"),
            None => format!("/{PKG_DIR}/{OUTPUT_NAME}.css"),
        };
        SiteAssets {
            hash_file,
            stylesheet,
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
                .hash_file(path.to_string_lossy().as_ref())
                .build(),
            None => builder.build(),
        }
    }
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
    fn a_site_without_a_hash_file_has_plain_names() {
        let assets = SiteAssets::find("/nonexistent/site");
        assert_eq!(assets.hash_file, None);
        assert_eq!(assets.stylesheet, "/pkg/worldclock.css");
    }

    #[test]
    fn a_hashed_site_names_its_stylesheet_by_hash() {
        let root = std::env::temp_dir().join(format!("worldclock-site-{}", std::process::id()));
        std::fs::create_dir_all(root.join("pkg")).unwrap();
        std::fs::write(root.join("pkg/hash.txt"), "js: aa\nwasm: bb\ncss: cc\n").unwrap();
        let assets = SiteAssets::find(root.to_str().unwrap());
        assert_eq!(assets.stylesheet, "/pkg/worldclock.cc.css");
        assert!(assets
            .hash_file
            .as_ref()
            .is_some_and(|path| path.is_absolute()));
        let options = assets.leptos_options(root.to_str().unwrap(), ([127, 0, 0, 1], 0).into());
        assert!(options.hash_files);
        std::fs::remove_dir_all(root).unwrap();
    }
}
