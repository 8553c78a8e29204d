//! The package's pieces agree with each other and with the app: one app id for the window, the
//! desktop file, the metainfo and the icons; Swedish names; every hicolor size rendered at its
//! size; every asset the .deb lists exists. (scripts/package-check.sh builds and installs the
//! real package; this catches a renamed file or a forgotten size without building it.)

use rapport::ui::desktop::APP_ID;
use std::path::{Path, PathBuf};

const SIZES: [u32; 9] = [16, 22, 24, 32, 48, 64, 128, 256, 512];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn desktop_file() -> PathBuf {
    root().join(format!("assets/linux/{APP_ID}.desktop"))
}

/// The width and height in a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        &bytes[..8],
        b"\x89PNG\r\n\x1a\n",
        "{} is not a PNG",
        path.display()
    );
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn the_desktop_file_names_the_app_its_icon_and_its_window_class() {
    let text =
        std::fs::read_to_string(desktop_file()).expect("the desktop file is named after APP_ID");
    let entry = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .unwrap_or_else(|| panic!("{key} missing from the desktop file"))
            .to_string()
    };
    assert_eq!(entry("Icon"), APP_ID);
    assert_eq!(entry("StartupWMClass"), APP_ID);
    assert_eq!(
        entry("Exec"),
        "rapport",
        "the .deb installs /usr/bin/rapport"
    );
    assert!(!entry("Name[sv]").is_empty());
    assert!(!entry("Comment[sv]").is_empty());
}

#[test]
fn the_metainfo_has_the_same_id_and_launches_the_desktop_file() {
    let text = read(&format!("assets/linux/{APP_ID}.metainfo.xml"));
    assert!(text.contains(&format!("<id>{APP_ID}</id>")));
    assert!(text.contains(&format!(
        "<launchable type=\"desktop-id\">{APP_ID}.desktop</launchable>"
    )));
    assert!(text.contains("<summary xml:lang=\"sv\">"));
    assert!(
        text.contains(&format!(
            "<release version=\"{}\"",
            env!("CARGO_PKG_VERSION")
        )),
        "the metainfo lists a release for this version"
    );
}

#[test]
fn every_hicolor_size_is_rendered_at_its_size() {
    for n in SIZES {
        let png = root().join(format!("assets/icons/hicolor/{n}x{n}/apps/{APP_ID}.png"));
        assert_eq!(png_size(&png), (n, n), "{}", png.display());
    }
    assert!(read(&format!("assets/icons/{APP_ID}.svg")).contains("<svg"));
}

#[test]
fn every_asset_the_deb_lists_exists_and_every_icon_is_listed() {
    let manifest = read("Cargo.toml");
    let deb = manifest
        .split("[package.metadata.deb]")
        .nth(1)
        .expect("Cargo.toml has [package.metadata.deb]");
    let deb = deb.split("\n[").next().unwrap_or(deb);
    let sources: Vec<&str> = deb
        .lines()
        .filter_map(|l| l.trim().strip_prefix("[\"")?.split('"').next())
        .collect();
    assert!(sources.contains(&"target/release/rapport"));
    for src in sources.iter().filter(|s| !s.starts_with("target/")) {
        assert!(
            root().join(src).is_file(),
            "{src} is listed in [package.metadata.deb] but missing"
        );
    }
    for n in SIZES {
        let icon = format!("assets/icons/hicolor/{n}x{n}/apps/{APP_ID}.png");
        assert!(
            sources.contains(&icon.as_str()),
            "{icon} is not in the .deb"
        );
    }
    for lib in [
        "libxkbcommon-x11-0",
        "libx11-xcb1",
        "libxcursor1",
        "libxi6",
        "libwayland-client0",
    ] {
        assert!(
            deb.contains(lib),
            "{lib}: winit opens it at run time, `$auto` cannot see it"
        );
    }
}
