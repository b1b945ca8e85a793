"""The demo marketplace, as data: fictional pesantren stores of East Java and what they sell.

Every name here is invented. Prices are whole rupiah (IDR) and ringgit with sen (MYR).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Categories: (slug, name, parent slug, is_food)
CATEGORIES = [
    ("makanan-minuman", "Makanan & Minuman", None, True),
    ("kopi", "Kopi", "makanan-minuman", True),
    ("madu", "Madu", "makanan-minuman", True),
    ("camilan", "Camilan", "makanan-minuman", True),
    ("kurma", "Kurma", "makanan-minuman", True),
    ("fesyen-muslim", "Fesyen Muslim", None, False),
    ("batik", "Batik", "fesyen-muslim", False),
    ("sarung", "Sarung", "fesyen-muslim", False),
    ("perawatan-diri", "Perawatan Diri", None, False),
    ("sabun-herbal", "Sabun Herbal", "perawatan-diri", False),
    ("perlengkapan-ibadah", "Perlengkapan Ibadah", None, False),
    ("sajadah", "Sajadah", "perlengkapan-ibadah", False),
]

# What buyers of the International channel read (issue 15.7): category, option-value and collection names.
CATEGORIES_EN = {
    "makanan-minuman": "Food & Drink", "kopi": "Coffee", "madu": "Honey", "camilan": "Snacks", "kurma": "Dates",
    "fesyen-muslim": "Muslim Fashion", "batik": "Batik", "sarung": "Sarongs", "perawatan-diri": "Personal Care",
    "sabun-herbal": "Herbal Soap", "perlengkapan-ibadah": "Prayer Essentials", "sajadah": "Prayer Mats",
}
VALUES_EN = {
    "Isi 6": "Pack of 6", "Isi 12": "Pack of 12", "Susu": "Milk", "Gula Aren": "Palm Sugar", "Pedas": "Spicy",
    "Jagung Manis": "Sweet Corn", "Biji utuh": "Whole beans", "Halus": "Fine", "Sedang": "Medium",
    "Dewasa": "Adult", "Anak": "Child", "Hijau": "Green", "Merah marun": "Maroon", "Biru dongker": "Navy",
    "Cokelat": "Brown", "Hitam": "Black", "Abu-abu": "Grey", "Sereh": "Lemongrass", "Kunyit": "Turmeric",
    "Zaitun": "Olive", "Kopi": "Coffee", "Daun sirih": "Betel leaf",
}

# Attributes and their values: slug -> (name, [values])
ATTRIBUTES = {
    "isi": ("Isi", ["180 ml", "250 ml", "250 g", "500 g", "1 kg", "Isi 6", "Isi 12"]),
    "rasa": ("Rasa", ["Original", "Susu", "Gula Aren", "Pedas", "Balado", "Jagung Manis"]),
    "gilingan": ("Gilingan", ["Biji utuh", "Halus", "Sedang"]),
    "ukuran": ("Ukuran", ["S", "M", "L", "XL", "2 x 1,15 m", "70 x 115 cm", "Dewasa", "Anak"]),
    "warna": ("Warna", ["Hijau", "Merah marun", "Biru dongker", "Cokelat", "Hitam", "Abu-abu"]),
    "aroma": ("Aroma", ["Sereh", "Kunyit", "Zaitun", "Kopi", "Daun sirih"]),
    "jenis": ("Jenis", ["Sukari", "Ajwa", "Medjool", "Tunisia"]),
}


@dataclass(frozen=True)
class Kind:
    """A kind of product: its category, product type, drawing, options and how it is licensed."""

    slug: str
    type_name: str
    category: str
    photo: str
    options: tuple[str, ...]  # attribute slugs the variants vary by (the first one only, to keep variants few)
    option_values: tuple[str, ...]
    price_idr: tuple[int, int]  # range, whole rupiah
    weight_grams: int
    compliance: str = ""  # "", "pirt", "bpom", "halal"
    titles: tuple[str, ...] = ()
    summary: str = ""
    titles_en: tuple[str, ...] = ()  # the same products, in English, in the same order
    summary_en: str = ""


KINDS = {
    k.slug: k
    for k in [
        Kind("kopi-kaleng", "Kopi kaleng", "kopi", "coffee_can", ("rasa",), ("Original", "Susu", "Gula Aren"),
             (7000, 15000), 260, "bpom",
             ("Kopi Kaleng {s}", "Kopi Susu Kaleng {s}", "Cold Brew {s}", "Kopi Gula Aren {s}", "Kopi Hitam {s}",
              "Kopi Rempah {s}", "Kopi Jahe {s}", "Kopi Pandan {s}"),
             "Kopi siap minum dalam kaleng, diseduh dari biji kopi kebun pesantren.",
             ("Canned Coffee {s}", "Canned Milk Coffee {s}", "Cold Brew {s}", "Palm Sugar Coffee {s}", "Black Coffee {s}",
              "Spiced Coffee {s}", "Ginger Coffee {s}", "Pandan Coffee {s}"),
             "Ready-to-drink canned coffee, brewed from beans grown in the pesantren's garden."),
        Kind("kopi-bubuk", "Kopi bubuk", "kopi", "coffee_pouch", ("isi",), ("250 g", "500 g", "1 kg"),
             (35000, 120000), 300, "pirt",
             ("Robusta {s}", "Arabika {s}", "Kopi Lanang {s}", "Kopi Luwak Liar {s}", "Kopi Tubruk {s}",
              "Kopi Excelsa {s}"),
             "Kopi bubuk sangrai sedang, dikemas segar setiap pekan.",
             ("Robusta {s}", "Arabica {s}", "Lanang Peaberry Coffee {s}", "Wild Civet Coffee {s}", "Tubruk Coffee {s}",
              "Excelsa Coffee {s}"),
             "Medium-roast ground coffee, packed fresh every week."),
        Kind("batik", "Batik tulis", "batik", "batik", ("ukuran",), ("M", "L", "XL"),
             (150000, 850000), 400, "",
             ("Kemeja Batik {s}", "Kain Batik Tulis {s}", "Batik Gentongan {s}", "Batik Pesisir {s}",
              "Batik Kawung {s}", "Batik Parang {s}", "Selendang Batik {s}"),
             "Batik tulis tangan santri, pewarna alam, satu motif satu cerita.",
             ("Batik Shirt {s}", "Hand-drawn Batik Cloth {s}", "Gentongan Batik {s}", "Coastal Batik {s}",
              "Kawung Batik {s}", "Parang Batik {s}", "Batik Shawl {s}"),
             "Batik drawn by hand by the students, natural dyes, one pattern, one story."),
        Kind("sarung", "Sarung tenun", "sarung", "sarung", ("warna",), ("Hijau", "Merah marun", "Biru dongker", "Hitam"),
             (95000, 450000), 550, "",
             ("Sarung Tenun {s}", "Sarung Goyor {s}", "Sarung Kotak {s}", "Sarung Santri {s}", "Sarung Songket {s}"),
             "Sarung tenun ATBM, adem dipakai salat dan mengaji.",
             ("Woven Sarong {s}", "Goyor Sarong {s}", "Checked Sarong {s}", "Santri Sarong {s}", "Songket Sarong {s}"),
             "Sarong woven on a hand loom, cool to wear for prayer and Quran study."),
        Kind("madu", "Madu", "madu", "honey", ("isi",), ("250 g", "500 g", "1 kg"),
             (45000, 210000), 600, "pirt",
             ("Madu Hutan {s}", "Madu Randu {s}", "Madu Kaliandra {s}", "Madu Klanceng {s}", "Madu Kopi {s}",
              "Madu Mangga {s}"),
             "Madu murni dari peternakan lebah pesantren, tanpa campuran.",
             ("Forest Honey {s}", "Kapok Honey {s}", "Calliandra Honey {s}", "Stingless Bee Honey {s}", "Coffee Blossom Honey {s}",
              "Mango Blossom Honey {s}"),
             "Pure honey from the pesantren's own bee farm, nothing added."),
        Kind("sabun", "Sabun herbal", "sabun-herbal", "soap", ("aroma",), ("Sereh", "Kunyit", "Zaitun", "Daun sirih"),
             (15000, 45000), 110, "halal",
             ("Sabun Herbal {s}", "Sabun Zaitun {s}", "Sabun Kopi {s}", "Sabun Sirih {s}", "Sabun Madu {s}",
              "Sabun Susu Kambing {s}"),
             "Sabun cold process buatan santriwati, lembut untuk kulit.",
             ("Herbal Soap {s}", "Olive Soap {s}", "Coffee Soap {s}", "Betel Leaf Soap {s}", "Honey Soap {s}",
              "Goat Milk Soap {s}"),
             "Cold-process soap made by the female students, gentle on the skin."),
        Kind("camilan", "Camilan", "camilan", "snack", ("rasa",), ("Original", "Pedas", "Balado", "Jagung Manis"),
             (12000, 38000), 200, "pirt",
             ("Keripik Singkong {s}", "Keripik Tempe {s}", "Rengginang {s}", "Kerupuk Ikan {s}", "Opak Gambir {s}",
              "Keripik Pisang {s}", "Makaroni Pedas {s}", "Sale Pisang {s}"),
             "Camilan renyah buatan dapur pesantren, cocok untuk oleh-oleh.",
             ("Cassava Chips {s}", "Tempeh Chips {s}", "Rengginang Rice Crackers {s}", "Fish Crackers {s}",
              "Opak Gambir Wafers {s}", "Banana Chips {s}", "Spicy Macaroni {s}", "Dried Banana {s}"),
             "Crunchy snacks from the pesantren kitchen, made to take home as gifts."),
        Kind("kurma", "Kurma", "kurma", "dates", ("jenis",), ("Sukari", "Ajwa", "Medjool", "Tunisia"),
             (55000, 320000), 550, "halal",
             ("Kurma Pilihan {s}", "Kurma Premium {s}", "Kurma Hampers {s}", "Kurma Salut Cokelat {s}",
              "Kurma Isi Kacang {s}"),
             "Kurma pilihan, dikemas ulang rapi di pesantren untuk hadiah.",
             ("Choice Dates {s}", "Premium Dates {s}", "Dates Hamper {s}", "Chocolate-coated Dates {s}",
              "Nut-filled Dates {s}"),
             "Choice dates, neatly repacked at the pesantren as gifts."),
        Kind("sajadah", "Sajadah", "sajadah", "prayer_mat", ("warna",), ("Hijau", "Merah marun", "Cokelat", "Abu-abu"),
             (65000, 350000), 700, "",
             ("Sajadah Tenun {s}", "Sajadah Travel {s}", "Sajadah Busa {s}", "Sajadah Anak {s}", "Sajadah Bordir {s}"),
             "Sajadah lembut dengan motif mihrab, dijahit rapi penjahit pesantren.",
             ("Woven Prayer Mat {s}", "Travel Prayer Mat {s}", "Foam Prayer Mat {s}", "Children's Prayer Mat {s}",
              "Embroidered Prayer Mat {s}"),
             "Soft prayer mat with a mihrab pattern, neatly sewn by the pesantren's tailors."),
    ]
}


@dataclass(frozen=True)
class DemoStore:
    slug: str
    name: str
    town: str
    kinds: tuple[str, ...]
    tagline: str
    story: str
    whatsapp: str
    is_pkp: bool = False
    look: dict = field(default_factory=dict)


STORES = [
    DemoStore("kopi-nurul-ijen", "Kopi Nurul Ijen", "Bondowoso", ("kopi-kaleng", "kopi-bubuk"),
              "Kopi kaleng dari lereng Ijen",
              "Santri Pondok Nurul Ijen merawat kebun kopi di lereng Ijen dan mengolahnya sendiri.",
              "081230000101", True),
    DemoStore("batik-darul-gentongan", "Batik Darul Gentongan", "Bangkalan", ("batik",),
              "Batik tulis Madura, dicelup di gentong",
              "Batik gentongan diwarnai berbulan-bulan di gentong tanah liat oleh santriwati Darul Gentongan.",
              "081230000102"),
    DemoStore("sarung-al-mubarok", "Sarung Tenun Al-Mubarok", "Gresik", ("sarung", "sajadah"),
              "Tenunan santri untuk ibadah",
              "Alat tenun bukan mesin di belakang asrama menghasilkan sarung dan sajadah yang awet.",
              "081230000103"),
    DemoStore("madu-bukit-hikmah", "Madu Bukit Hikmah", "Probolinggo", ("madu",),
              "Madu murni peternakan lebah pondok",
              "Koperasi Bukit Hikmah beternak lebah di hutan randu dan kaliandra sekitar pesantren.",
              "081230000104"),
    DemoStore("sabun-az-zahra", "Sabun Herbal Az-Zahra", "Sumenep", ("sabun",),
              "Sabun herbal buatan santriwati",
              "Santriwati Az-Zahra meracik sabun dari minyak kelapa, sereh dan kunyit kebun sendiri.",
              "081230000105"),
    DemoStore("camilan-sabilul-huda", "Camilan Sabilul Huda", "Kediri", ("camilan",),
              "Keripik renyah khas Kediri",
              "Dapur koperasi Sabilul Huda mengolah singkong dan pisang petani sekitar menjadi camilan.",
              "081230000106", True),
    DemoStore("kurma-baitul-amin", "Kurma Baitul Amin", "Pasuruan", ("kurma",),
              "Kurma pilihan untuk hantaran",
              "Koperasi Baitul Amin mengemas kurma pilihan untuk hantaran, hampers dan buka puasa.",
              "081230000107"),
    DemoStore("sajadah-raudlatul-ilmi", "Sajadah Raudlatul Ilmi", "Pamekasan", ("sajadah",),
              "Sajadah bordir tangan",
              "Bordir halus khas Pamekasan dikerjakan santri putri Raudlatul Ilmi.",
              "081230000108"),
    DemoStore("kopi-miftahul-falah", "Kopi Miftahul Falah", "Malang", ("kopi-bubuk", "camilan"),
              "Kopi Dampit dan camilan teman ngopi",
              "Koperasi Miftahul Falah membeli kopi petani Dampit dengan harga adil dan menyangrainya sendiri.",
              "081230000109"),
    DemoStore("batik-nurul-qalam", "Batik Nurul Qalam", "Tuban", ("batik", "sarung"),
              "Batik gedog Tuban dan sarung santri",
              "Batik gedog ditenun dan dibatik di pondok Nurul Qalam, dari kapas yang dipintal sendiri.",
              "081230000110"),
    DemoStore("madu-dan-kurma-al-ikhlas", "Al-Ikhlas Mart", "Jombang", ("madu", "kurma", "sabun"),
              "Madu, kurma dan sabun untuk keluarga",
              "Toko koperasi Al-Ikhlas memasarkan produk unggulan santri dan alumni se-Jombang.",
              "081230000111", True),
    DemoStore("oleh-oleh-darul-falah", "Oleh-oleh Darul Falah", "Banyuwangi", ("camilan", "kopi-kaleng", "sajadah"),
              "Oleh-oleh khas Banyuwangi",
              "Dari pesisir Banyuwangi: camilan laut, kopi Osing dan sajadah untuk dibawa pulang.",
              "081230000112"),
    DemoStore("sabun-dan-batik-as-salam", "Rumah Santri As-Salam", "Lamongan", ("sabun", "batik"),
              "Kerajinan santri As-Salam",
              "Unit usaha As-Salam: sabun herbal dan batik Lamongan, dikerjakan santri sambil belajar wirausaha.",
              "081230000113"),
]

# Curated collections on the home page: (slug, title, description, kinds to pick from)
COLLECTIONS_EN = {
    "ngopi-pagi": ("Morning Coffee Companions", "Canned coffee, ground coffee and snacks from pesantren across East Java."),
    "hadiah-ramadan": ("Ramadan Gifts", "Dates, honey, sarongs and prayer mats for family gift boxes."),
}
COLLECTIONS = [
    ("ngopi-pagi", "Teman Ngopi Pagi", "Kopi kaleng, kopi bubuk dan camilan dari pesantren se-Jawa Timur.",
     ("kopi-kaleng", "kopi-bubuk", "camilan")),
    ("hadiah-ramadan", "Hadiah Ramadan", "Kurma, madu, sarung dan sajadah untuk hantaran keluarga.",
     ("kurma", "madu", "sarung", "sajadah")),
]
