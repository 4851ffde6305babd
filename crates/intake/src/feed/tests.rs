use super::*;

fn read(file: &str, feed: &str) -> (Vec<Article>, Vec<IntakeError>) {
    let (mut arts, mut errs) = (Vec::new(), Vec::new());
    read_feed(
        file,
        feed.as_bytes(),
        None,
        |a| arts.push(a),
        |e| errs.push(e),
    );
    (arts, errs)
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Le Courrier du Sahel</title>
  <link>https://courrier-sahel.example/</link>
  <atom:link href="https://courrier-sahel.example/feed" rel="self"/>
  <description>Toute l'actualité</description>
  <item>
    <title>Attaque contre un poste de la gendarmerie à Kolondiéba</title>
    <link>https://courrier-sahel.example/2025/03/attaque-kolondieba</link>
    <guid isPermaLink="false">cs-4412</guid>
    <pubDate>Wed, 05 Mar 2025 18:40:00 +0000</pubDate>
    <description>Des hommes armés ont attaqué le poste&lt;br/&gt;mardi soir.</description>
    <content:encoded><![CDATA[<p>Des hommes armés non identifiés ont attaqué mardi soir le poste de la gendarmerie de Kolondiéba.</p><p>Deux gendarmes ont été tués &amp; un autre blessé, selon une source sécuritaire.</p>]]></content:encoded>
  </item>
  <item>
    <title><![CDATA[Budget 2025 : l'Assemblée vote & adopte]]></title>
    <link>https://courrier-sahel.example/2025/03/budget</link>
    <dc:date>2025-03-04T09:00:00Z</dc:date>
    <description>&lt;p&gt;Les députés ont adopté le budget.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Une photo sans légende</title>
    <link>https://courrier-sahel.example/photo</link>
  </item>
</channel>
</rss>
"#;

#[test]
fn rss_items_become_articles() {
    let (arts, errs) = read("feeds/courrier.rss", RSS);
    assert_eq!(arts.len(), 2, "{errs:?}");
    let a = &arts[0];
    assert_eq!(a.id, "cs-4412");
    assert_eq!(
        a.url.as_deref(),
        Some("https://courrier-sahel.example/2025/03/attaque-kolondieba")
    );
    assert_eq!(a.source.as_deref(), Some("Le Courrier du Sahel"));
    assert_eq!(a.published.as_deref(), Some("2025-03-05"));
    assert_eq!(
        a.title.as_deref(),
        Some("Attaque contre un poste de la gendarmerie à Kolondiéba")
    );
    // The longest text wins: the full content, markup gone, `&amp;` decoded once.
    assert!(
        a.text.starts_with("Des hommes armés non identifiés"),
        "{}",
        a.text
    );
    assert!(a.text.contains("tués & un autre"), "{}", a.text);
    assert!(!a.text.contains('<'), "{}", a.text);
    let b = &arts[1];
    // No guid: the link is the id; escaped HTML is unescaped then stripped.
    assert_eq!(b.id, "https://courrier-sahel.example/2025/03/budget");
    assert_eq!(
        b.title.as_deref(),
        Some("Budget 2025 : l'Assemblée vote & adopte")
    );
    assert_eq!(b.published.as_deref(), Some("2025-03-04"));
    assert_eq!(b.text, "Les députés ont adopté le budget.");
    // The item without text is named by line and skipped.
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(
        errs[0].to_string(),
        "feeds/courrier.rss:23: item 3 has no text (description, summary or content)"
    );
    assert!(errs[0].skipped);
}

#[test]
fn atom_entries_with_alternate_links_and_xhtml_content() {
    let feed = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Sahel Monitor</title>
  <link rel="self" href="https://monitor.example/atom"/>
  <entry>
    <title>Troops repel attack near Djibo</title>
    <link rel="edit" href="https://monitor.example/edit/77"/>
    <link rel="alternate" type="text/html" href="https://monitor.example/news/77"/>
    <id>tag:monitor.example,2025:77</id>
    <updated>2025-02-11T07:12:00+01:00</updated>
    <published>2025-02-10T21:00:00+01:00</published>
    <summary>Short.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Soldiers repelled an attack by gunmen near Djibo on Monday, the army said.</p><div><p>Nested.</p></div></div></content>
  </entry>
  <entry>
    <title>Second</title>
    <link href="https://monitor.example/news/78"/>
    <content type="html">&lt;p&gt;Gunmen killed three herders in Soum province.&lt;/p&gt;</content>
  </entry>
</feed>"#;
    let (arts, errs) = read("monitor.atom", feed);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(arts.len(), 2);
    assert_eq!(arts[0].id, "tag:monitor.example,2025:77");
    assert_eq!(
        arts[0].url.as_deref(),
        Some("https://monitor.example/news/77")
    );
    assert_eq!(arts[0].source.as_deref(), Some("Sahel Monitor"));
    // The first date element given wins (here `updated`, written first).
    assert_eq!(arts[0].published.as_deref(), Some("2025-02-11"));
    assert!(arts[0]
        .text
        .contains("Soldiers repelled an attack by gunmen near Djibo"));
    assert!(arts[0].text.contains("Nested."), "{}", arts[0].text);
    assert_eq!(arts[1].id, "https://monitor.example/news/78");
    assert_eq!(
        arts[1].text,
        "Gunmen killed three herders in Soum province."
    );
}

#[test]
fn rdf_feeds_and_ids_from_the_file_name() {
    let feed = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="x"><title>Radio Niger</title></channel>
<item rdf:about="x1"><title>Un</title><description>Des bandits ont enlevé deux commerçants près de Téra.</description></item>
</rdf:RDF>"#;
    let (arts, errs) = read("niger.xml", feed);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(arts.len(), 1);
    assert_eq!(arts[0].id, "niger.xml#1");
    assert_eq!(arts[0].source.as_deref(), Some("Radio Niger"));
    assert_eq!(arts[0].published, None);
}

#[test]
fn what_is_not_a_feed_is_named() {
    let (arts, errs) = read("page.xml", "<html><body><p>Bonjour</p></body></html>");
    assert!(arts.is_empty());
    assert_eq!(
        errs[0].to_string(),
        "page.xml: not an RSS or Atom feed (no <rss>, <feed>, <item> or <entry>)"
    );
    let (_, errs) = read(
        "empty.rss",
        "<rss><channel><title>Vide</title></channel></rss>",
    );
    assert_eq!(errs[0].message, "a feed without items");
}

#[test]
fn a_cut_feed_keeps_the_items_it_has() {
    let cut = &RSS[..RSS.find("<title><![CDATA[Budget").unwrap() + 30];
    let (arts, _) = read("cut.rss", cut);
    assert_eq!(arts.len(), 1);
    assert_eq!(arts[0].id, "cs-4412");
}

#[test]
fn invalid_utf8_is_a_warning() {
    let mut bytes = b"<rss><channel><item><description>Caf".to_vec();
    bytes.push(0xe9);
    bytes.extend_from_slice(b" attaqu\xe9.</description></item></channel></rss>");
    let (mut arts, mut errs) = (Vec::new(), Vec::new());
    read_feed(
        "x.rss",
        &bytes,
        Some("fr"),
        |a| arts.push(a),
        |e| errs.push(e),
    );
    assert_eq!(arts.len(), 1);
    assert_eq!(arts[0].lang.as_deref(), Some("fr"));
    assert!(arts[0].text.contains('\u{fffd}'));
    assert!(!errs[0].skipped);
    assert_eq!(errs[0].message, "invalid UTF-8, decoded lossily");
}

#[test]
fn feed_dates() {
    assert_eq!(
        feed_date("Wed, 05 Mar 2025 18:40:00 +0000").as_deref(),
        Some("2025-03-05")
    );
    assert_eq!(
        feed_date("5 March 2025 18:40 GMT").as_deref(),
        Some("2025-03-05")
    );
    assert_eq!(
        feed_date("Sun, 1 Dec 24 10:00:00 GMT").as_deref(),
        Some("2024-12-01")
    );
    assert_eq!(
        feed_date("2024-12-26T10:00:00Z").as_deref(),
        Some("2024-12-26")
    );
    assert_eq!(feed_date(" 2024-12-26 ").as_deref(), Some("2024-12-26"));
    for bad in [
        "",
        "hier",
        "2024-13-01",
        "Wed, 45 Mar 2025",
        "Wed, 05 Foo 2025",
        "05 Mar 123456",
    ] {
        assert_eq!(feed_date(bad), None, "{bad}");
    }
}

#[test]
fn hostile_nesting_and_unclosed_markup_are_linear() {
    let mut feed = String::from("<rss><channel><item><description>");
    for _ in 0..50_000 {
        feed.push_str("<div><description>");
    }
    feed.push_str("Texte au fond.");
    let (arts, _) = read("deep.rss", &feed);
    assert_eq!(arts.len(), 1);
    assert!(arts[0].text.contains("Texte au fond."));
    for s in [
        "<",
        "<!",
        "<![CDATA[",
        "<!--",
        "<item",
        "<item><link href='",
        "</",
    ] {
        let _ = read("bad.rss", s);
    }
}

proptest::proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
        let _ = read_feed("f", &bytes, None, |_| {}, |_| {});
    }

    #[test]
    fn arbitrary_markup_never_panics(s in "(<item>|</item>|<description>|</description>|<!\\[CDATA\\[|\\]\\]>|<link href=\"|\"/>|<title>|</title>|é|&amp;|&#x|<!--|-->|<|>|a|\n){0,40}") {
        let mut items = 0;
        read_feed("f", s.as_bytes(), None, |a| { items += 1; assert!(!a.text.trim().is_empty()); }, |_| {});
    }
}

/// Found by the `feed` fuzzer: an Atom link with an empty `href` became the
/// entry's link, then its id, and the article had an empty id.
#[test]
fn an_empty_href_is_no_link_and_gives_no_empty_id() {
    let feed = r#"<feed><title>Radio Kayes</title>
  <entry>
    <link rel="alternate" href=""/>
    <link href="  "/>
    <summary>Des hommes armés ont attaqué un poste de douane près de Kayes.</summary>
  </entry>
  <entry>
    <link href=" "/>
    <link href="https://radio-kayes.example/2"/>
    <summary>Deux civils tués lors d'une embuscade.</summary>
  </entry>
</feed>"#;
    let (arts, errs) = read("kayes.atom", feed);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(arts.len(), 2);
    assert_eq!(arts[0].id, "kayes.atom#1");
    assert_eq!(arts[0].url, None);
    assert_eq!(arts[1].id, "https://radio-kayes.example/2");
    assert_eq!(
        arts[1].url.as_deref(),
        Some("https://radio-kayes.example/2")
    );
}
