use sha2::{Digest, Sha256};

/// Longest escaped name we write, in bytes (file systems allow 255; leave room for `.ron`
/// and the temp-file suffix).
const MAX_NAME: usize = 180;

/// A file name for an article id that stays inside its folder and never collides:
/// letters, digits, `-`, `_` and inner `.` stay readable; every other byte becomes `%XX`
/// (so `%` itself is escaped and the mapping is one-to-one); Windows device names get
/// their first letter escaped; the empty id is `%`; a name past MAX_NAME bytes keeps a
/// readable prefix and ends in `~` and a hash of the whole id (`~` is always escaped
/// otherwise, so such names cannot meet short ones).
pub fn escape_id(id: &str) -> String {
    if id.is_empty() {
        return "%".to_string();
    }
    let mut out = String::with_capacity(id.len());
    for (i, c) in id.char_indices() {
        let keep = c.is_alphanumeric() || c == '-' || c == '_' || (c == '.' && i > 0);
        if keep {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    if is_device_name(&out) {
        let first = out.as_bytes()[0];
        out = format!("%{first:02X}{}", &out[1..]);
    }
    if out.len() > MAX_NAME {
        let mut cut = MAX_NAME - 34;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        // never cut through a %XX escape
        if let Some(pct) = out[..cut].rfind('%').filter(|&p| p + 3 > cut) {
            cut = pct;
        }
        let digest = Sha256::digest(id.as_bytes());
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        out = format!("{}~{hex}", &out[..cut]);
    }
    out
}

fn is_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn safe(name: &str) -> bool {
        !name.is_empty()
            && name != "."
            && name != ".."
            && !name.starts_with('.')
            && !name.contains(['/', '\\', '\0', ':'])
            && name.len() <= MAX_NAME
            && !is_device_name(name)
    }

    #[test]
    fn hostile_ids_become_safe_names() {
        let cases = [
            ("../x", "%2E.%2Fx"),
            ("/etc/passwd", "%2Fetc%2Fpasswd"),
            ("a:b", "a%3Ab"),
            ("CON", "%43ON"),
            ("con.txt", "%63on.txt"),
            ("", "%"),
            ("news.jsonl:12", "news.jsonl%3A12"),
            ("Атырау-1", "Атырау-1"),
            ("😀", "%F0%9F%98%80"),
            ("50%", "50%25"),
        ];
        for (id, want) in cases {
            assert_eq!(escape_id(id), want, "{id:?}");
            assert!(safe(&escape_id(id)), "{id:?}");
        }
        let long = "ж".repeat(300);
        let name = escape_id(&long);
        assert!(safe(&name) && name.contains('~'), "{name}");
        assert_ne!(escape_id(&"ж".repeat(301)), name);
    }

    proptest! {
        #[test]
        fn escaped_ids_are_safe(id in "\\PC{0,400}") {
            let name = escape_id(&id);
            prop_assert!(safe(&name), "{:?} -> {:?}", id, name);
            let path = std::path::Path::new("annotations/me").join(format!("{name}.ron"));
            prop_assert_eq!(path.parent().unwrap(), std::path::Path::new("annotations/me"));
        }

        #[test]
        fn distinct_ids_never_share_a_name(a in "[./:%~a-zA-Z0-9жқ😀 ]{0,12}", b in "[./:%~a-zA-Z0-9жқ😀 ]{0,12}") {
            if a != b {
                prop_assert_ne!(escape_id(&a), escape_id(&b));
            }
        }

        #[test]
        fn long_ids_never_share_a_name(prefix in "[a-zж]{200}", a in "[a-z]{1,5}", b in "[a-z]{1,5}") {
            let (x, y) = (format!("{prefix}{a}"), format!("{prefix}{b}"));
            if x != y {
                prop_assert_ne!(escape_id(&x), escape_id(&y));
            }
        }
    }
}
