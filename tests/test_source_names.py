"""What a source is called, read from mastheads of the forms real pages and papers use."""

from __future__ import annotations

from copyhound.judge.source_names import source_names
from copyhound.model import Document

BODY = (
    "\n\nThe river rose through the night and by morning the lower town was under water, "
    "as the old maps had warned it would be.\n"
)


def names(head: str):
    return source_names(Document(head + BODY, "s"))


def test_name_with_a_role_and_an_outlet_dateline():
    got = names(
        "Mekong Weekly — 3 August 2020\n\nReplanting the Edge\n\nNguyễn Thị Minh, Staff Writer"
    )
    assert got.authors == ["Nguyễn Thị Minh"]
    assert got.publications == ["Mekong Weekly"]
    assert got.titles == ["Replanting the Edge"]
    assert {"nguyen", "minh"} <= got.surnames()  # family name first or last


def test_chapter_of_a_book_with_a_bare_author_line_and_publisher():
    got = names(
        "Chapter 4 of *Salt Roads: Trade Across the Sahara*\n\nHauwa Abubakar\n\n"
        "Kestrel Books, 2016\n\n## 4. The Caravan Ledgers"
    )
    assert got.titles == ["Salt Roads: Trade Across the Sahara", "The Caravan Ledgers"]
    assert got.short_titles == ["Salt Roads"]
    assert got.authors == ["Hauwa Abubakar"]
    assert got.publications == ["Kestrel Books"]


def test_family_name_first_in_capitals_and_a_journal_line():
    got = names(
        "LI, Xiaoming; FERREIRA, Ana Beatriz\n\nTidal Stream Turbines\n\n"
        "Marine Energy Letters, vol. 7, no. 1 (2020), pp. 3-19"
    )
    assert got.authors == ["Xiaoming Li", "Ana Beatriz Ferreira"]
    assert got.publications == ["Marine Energy Letters"]
    assert {"li", "ferreira"} <= got.surnames()


def test_posted_by_line_drops_date_and_categories():
    got = names(
        "# Stacks & Commons\n\nPosted by Ingrid Halvorsen on 2 July 2023 · Libraries, Climate"
    )
    assert got.authors == ["Ingrid Halvorsen"]
    assert got.publications == []


def test_organisation_as_author_gives_its_initials():
    doc = Document(
        "---\ntitle: Noise in Schools\nauthor: National Institute for Occupational Health\n---\n"
        + BODY,
        "s",
    )
    got = source_names(doc)
    assert got.authors == ["National Institute for Occupational Health"]
    assert got.acronyms == ["NIOH"]
    assert got.surnames() == set()  # an organisation has no family name


def test_published_by_line_and_acronym_in_parentheses():
    got = names(
        "Global Coastal Monitoring Network (GCMN)\n\nState of the Coasts 2023: Summary\n\n"
        "Published by the Global Coastal Monitoring Network, Lisbon, October 2023"
    )
    assert "Global Coastal Monitoring Network" in got.publications
    assert "GCMN" in got.acronyms
    assert "State of the Coasts 2023: Summary" in got.titles


def test_a_caption_naming_the_articles_subject_is_not_a_byline():
    doc = Document("# A Coup\n\n*Pedro Castillo*\n\nPedro Castillo sat in his office." + BODY, "s")
    assert source_names(doc).authors == []


def test_html_head_of_a_saved_page_gives_title_and_site():
    got = names(
        "<title>Fog collection - Terrapedia, the open encyclopedia of land</title>\n"
        '<meta name="site_name" content="Terrapedia">\n'
        '<meta property="og:author" content="Ana Ruiz &amp; Bo Lind">\n'
        "Fog collection"
    )
    assert got.titles[0] == "Fog collection"
    assert got.publications == ["Terrapedia"]
    assert got.authors == ["Ana Ruiz", "Bo Lind"]
    assert "<meta" not in " ".join(got.all())


def test_report_by_an_organisation_with_initials_and_a_date_line():
    got = names(
        "Signal Lost: Broadband Gaps\n\nA report by the Council for Rural Connectivity (CRC)\n\n"
        "Published March 2023"
    )
    assert got.titles == ["Signal Lost: Broadband Gaps"]
    assert got.publications == ["Council for Rural Connectivity"]
    assert got.acronyms == ["CRC"]


def test_blog_masthead_with_posted_line_tags_and_an_affiliation():
    got = names(
        "The Hive Ledger\n\nPosted 9 May 2023 · Tags: cities, pollinators\n\n"
        "## Are there too many bees?\n\n"
        "Written by Dr. Willem van der Berg, Professor of Entomology at Lowmoor University"
    )
    assert got.authors == ["Willem van der Berg"]
    assert got.publications == ["Hive Ledger"]
    assert "dr" not in got.surnames() and "berg" in got.surnames()


def test_story_and_photo_credits_and_an_italic_outlet():
    got = names(
        "# The woman who mends windows\n\nStory by Faizal bin Abdullah | Photos by Lena Marquardt"
        "\n\n*The Fenland Courier*, 21 January 2023"
    )
    assert got.authors == ["Faizal bin Abdullah"]
    assert got.publications == ["Fenland Courier"]  # italic: a work's title, not a person


def test_from_book_line_over_a_chapter():
    got = names(
        "From: *Paper Lives: A Short History of the Postcard* (Larkspur Books, 2021), pp. 45–67"
        "\n\n## Chapter 3: The Golden Age\n\nSiobhán Ó Briain"
    )
    assert got.titles == ["Paper Lives: A Short History of the Postcard", "The Golden Age"]
    assert got.short_titles == ["Paper Lives"]
    assert got.publications == ["Larkspur Books"]
    assert got.authors == ["Siobhán Ó Briain"]


def test_excerpted_from_book_by_author_with_copyright():
    got = names(
        "*Excerpted from The Long Tide by Maren Østergaard. Copyright 2019.*\n\n"
        "## Chapter 5: Storm Season"
    )
    assert got.titles == ["The Long Tide", "Storm Season"]
    assert got.authors == ["Maren Østergaard"]


def test_catalogue_entry_by_a_curator_and_object_lines():
    got = names(
        "Riverside Museum of Art — Collection Highlights, 2020\nCatalogue no. 12\n"
        "Tea bowl with iron glaze\nKorea, Joseon period\nStoneware with incised decoration\n"
        "Entry by Ji-woo Park, Curator of Korean Art"
    )
    assert "Ji-woo Park" in got.authors
    assert got.titles[0] == "Tea bowl with iron glaze"
    assert got.publications == ["Riverside Museum of Art"]  # not "Stoneware with ..."


def test_reported_by_a_writer_for_an_outlet_after_a_dash():
    got = names(
        "Ferry fares to rise in spring\n\n"
        "— reported by Tomasz Nowak for The Harbour Gazette, 2 May 2022"
    )
    assert got.authors == ["Tomasz Nowak"]
    assert got.publications == ["Harbour Gazette"]


def test_podcast_transcript_line_gives_the_show_and_its_hosts_not_the_guest():
    got = names(
        "Transcript: Episode 7 of Field Notes, hosts Kim Ji-ho and Lucía de la Fuente\n"
        "Released 2 June 2021. Guest: beekeeper Arno Vettel."
    )
    assert got.titles == ["Field Notes"]
    assert got.authors == ["Kim Ji-ho", "Lucía de la Fuente"]
    assert "kim" in got.surnames() and "fuente" in got.surnames()


def test_a_title_in_capitals_then_authors_and_a_group():
    got = names(
        "GUIDANCE ON THE STORAGE OF FIELD SAMPLES\n\nBy Ana Lima and Olu Bello\n"
        "Working Group on Sample Handling, 2021"
    )
    assert got.titles[0] == "GUIDANCE ON THE STORAGE OF FIELD SAMPLES"
    assert got.authors == ["Ana Lima", "Olu Bello"]
    assert got.publications == ["Working Group on Sample Handling"]


def test_lowercase_arabic_particle_joined_to_the_surname():
    got = names("# Desert Songs\n\nSamira al-Haddad")
    assert got.authors == ["Samira al-Haddad"]
    assert "haddad" in got.surnames()


def test_html_page_meta_author_site_and_title(tmp_path):
    from copyhound.read import read_document

    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Fog nets - Terrapedia</title>"
        '<meta name="author" content="Ana Ruiz">'
        '<meta name="citation_author" content="Lind, Bo">'
        '<meta property="og:site_name" content="Terrapedia"></head>'
        "<body><main><p>Fog nets catch water from the air on coastal hills where it rarely "
        "rains, and villages have used them for decades.</p></main></body></html>",
        encoding="utf-8",
    )
    doc = read_document(page)
    assert doc.metadata["author"] == "Ana Ruiz; Bo Lind"
    got = source_names(doc)
    assert got.authors == ["Ana Ruiz", "Bo Lind"]
    assert got.publications == ["Terrapedia"]
    assert got.titles[0] == "Fog nets"


def test_transcript_host_and_guest_labels_and_the_show_of_an_episode_heading():
    # APA 7 cites an episode by its host, "(Host)"; MLA 9 "hosted by"; the guest speaks the words
    got = source_names(
        Document(
            '# The Workbench, Episode 41: "Listening for the Beats"\n\n'
            "Podcast transcript. Host: Beatriz dos Santos. Guest: Dmitri Sergeyevich Volkov, "
            "piano technician.\n\n**Beatriz dos Santos:** Welcome back.\n\n"
            "**Dmitri Sergeyevich Volkov:** Thank you.\n",
            "s",
        )
    )
    assert got.authors == ["Beatriz dos Santos", "Dmitri Sergeyevich Volkov"]
    assert got.publications == ["The Workbench"]
    assert got.titles == ["Listening for the Beats"]
    assert {"dos santos", "santos", "volkov"} <= got.surnames()


def test_speaker_labels_of_a_transcript_name_its_people():
    got = names(
        "Interview transcript\n\nTERRY GROSS: Welcome to the show.\n\nTONI MORRISON: Thank you.\n\n"
        "TERRY GROSS: Your first novel came out in 1970.\n\nTONI MORRISON: It did."
    )
    assert {"Terry Gross", "Toni Morrison"} <= set(got.authors)


def test_a_speaker_named_once_is_not_a_speaker():
    got = names("Meeting notes\n\nNote: the river gauges were read at dawn.")
    assert got.authors == []


def test_wire_dateline_names_the_agency():
    # AP and Reuters datelines: CITY (Agency) - ; a writer may credit "a Reuters report"
    assert names("Bakers turn to cassava\n\nLAGOS (Reuters) - Bakeries began.").publications == [
        "Reuters"
    ]
    assert "AFP" in names("Storm hits coast\n\nPARIS, March 3 (AFP) — The storm.").publications


def test_an_office_of_an_institution_also_names_the_institution():
    got = names("Kelp study\n\nNews release | Northshore University Office of Communications")
    assert "Northshore University" in got.publications
    # one body, no office in it: nothing more
    assert names("Winter air\n\nNorthern Regional Air Quality Board").publications == [
        "Northern Regional Air Quality Board"
    ]
