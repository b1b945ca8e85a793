"""English for every project string (source language: Bahasa Indonesia).

Keys are msgids exactly as ``makemessages`` extracts them into ``shop/locale/django.pot``; a plural entry maps its
singular msgid to a ``(singular, plural)`` pair. Brand and product words (pesantren, Halal, P-IRT, BPOM, PPN, OPOP,
WhatsApp, QRIS, GoPay) stay as they are. ``build_locale.py`` refuses a translation whose ``%(name)s`` placeholders
differ from its msgid's.
"""

EN = {
    # Catalog admin: variants, prices, stock
    "Harga coret %(currency)s": "Compare-at price %(currency)s",
    "Harga %(currency)s": "Price %(currency)s",
    "Harga sebelum diskon, tampil dicoret. Kosongkan jika tidak ada.": (
        "Price before the discount, shown struck through. Leave empty if none."
    ),
    "Kosongkan jika varian ini tidak dijual di kanal %(channel)s.": (
        "Leave empty if this variant is not sold in the %(channel)s channel."
    ),
    "Stok": "Stock",
    "Jumlah barang siap kirim. Tidak ikut draf: langsung tersimpan saat Anda menyimpan.": (
        "Units ready to ship. Not part of drafts: saved as soon as you save."
    ),
    "Isi SKU, misalnya KOPI-250.": "Enter a SKU, for example KOPI-250.",
    "Stok tidak boleh negatif. Isi 0 jika barang habis.": "Stock cannot be negative. Enter 0 when sold out.",
    "Stok tidak boleh lebih kecil dari %(n)s barang yang sudah dibayar pembeli.": (
        "Stock cannot be lower than the %(n)s units buyers have already paid for."
    ),
    "Isi harga jual jika ada harga coret.": "Enter a selling price when there is a compare-at price.",
    "Harga coret harus lebih tinggi dari harga jual.": "The compare-at price must be higher than the selling price.",
    "Isi harga paling tidak untuk satu kanal (misalnya Harga IDR).": (
        "Enter a price for at least one channel (for example Price IDR)."
    ),
    "Harga per kanal dan stok": "Prices per channel and stock",
    "Sertifikat halal sudah kedaluwarsa. Perbarui sertifikat atau kosongkan nomor halal.": (
        "The halal certificate has expired. Renew it or clear the halal number."
    ),
    "SKU %(sku)s dipakai dua kali di produk ini.": "SKU %(sku)s is used twice in this product.",
    "SKU %(sku)s sudah dipakai produk '%(product)s' di toko Anda. Pakai kode lain.": (
        "SKU %(sku)s is already used by '%(product)s' in your store. Use another code."
    ),
    "Isi teks alternatif: jelaskan isi foto untuk pembeli tunanetra.": (
        "Enter alt text: describe the photo for blind buyers."
    ),
    "Pilih foto dari koleksi toko Anda sendiri.": "Choose a photo from your own store's collection.",
    "Produk pangan belum bisa diterbitkan: isi nomor sertifikat halal, P-IRT atau BPOM di tab 'Halal dan izin'. "
    "Anda tetap bisa menyimpan draf.": (
        "A food product cannot be published yet: enter a halal certificate, P-IRT or BPOM number on the "
        "'Halal and permits' tab. You can still save a draft."
    ),
    "Alamat /%(slug)s/ sudah dipakai halaman lain.": "The address /%(slug)s/ is already used by another page.",
    "Alamat /%(slug)s/ sudah dipakai halaman marketplace. Pilih slug lain.": (
        "The address /%(slug)s/ is already used by a marketplace page. Choose another slug."
    ),
    # Catalog models (verbose names and help texts)
    "Katalog": "Catalogue",
    "nama": "name",
    "slug": "slug",
    "induk": "parent",
    "deskripsi": "description",
    "produk pangan": "food product",
    "Produk pangan wajib punya nomor halal, P-IRT atau BPOM sebelum terbit.": (
        "Food products need a halal, P-IRT or BPOM number before they are published."
    ),
    "kategori": "category",
    "mata uang": "currency",
    "Kode ISO 4217, misalnya IDR atau MYR.": "ISO 4217 code, for example IDR or MYR.",
    "bahasa": "language",
    "negara utama": "main country",
    "negara tujuan": "destination countries",
    "Kode negara dipisah koma, misalnya ID atau MY,SG.": "Country codes separated by commas, for example ID or MY,SG.",
    "gateway pembayaran": "payment gateways",
    "Urutan gateway yang ditawarkan, dipisah koma: midtrans, stripe, manual.": (
        "Gateways offered, in order, separated by commas: midtrans, stripe, manual."
    ),
    "aktif": "active",
    "kanal penjualan": "sales channel",
    "judul": "title",
    "tayang mulai": "go-live",
    "tayang sampai": "expiry",
    "koleksi pilihan": "featured collection",
    "produk": "product",
    "produk dalam koleksi": "collection product",
    "atribut": "attribute",
    "nilai": "value",
    "nilai atribut": "attribute value",
    "pilihan varian": "variant options",
    "wajib izin pangan": "requires a food permit",
    "Produk jenis ini harus punya nomor halal, P-IRT atau BPOM sebelum diterbitkan.": (
        "Products of this type need a halal, P-IRT or BPOM number before they are published."
    ),
    "jenis produk": "product type",
    "nama produk": "product name",
    "Bagian alamat produk: /<toko>/p/<slug>/.": "Part of the product's address: /<store>/p/<slug>/.",
    "ringkasan": "summary",
    "Satu kalimat untuk daftar produk.": "One sentence for product listings.",
    "nomor sertifikat halal": "halal certificate number",
    "Dari BPJPH, contoh: ID35110000123450823.": "Issued by BPJPH, for example: ID35110000123450823.",
    "halal berlaku sampai": "halal valid until",
    "berkas sertifikat halal": "halal certificate file",
    "nomor P-IRT": "P-IRT number",
    "15 angka, contoh: 2063507010123-28.": "15 digits, for example: 2063507010123-28.",
    "nomor BPOM": "BPOM number",
    "MD atau ML diikuti 12 angka, contoh: BPOM RI MD 235602169254.": (
        "MD or ML followed by 12 digits, for example: BPOM RI MD 235602169254."
    ),
    "teks alternatif": "alt text",
    "Jelaskan isi foto untuk pembeli tunanetra, misalnya 'Kopi kaleng 250 ml, kemasan hijau'.": (
        "Describe the photo for blind buyers, for example 'Canned coffee 250 ml, green packaging'."
    ),
    "foto produk": "product photo",
    "SKU": "SKU",
    "Kode unik di toko Anda, misalnya KOPI-250.": "A code unique within your store, for example KOPI-250.",
    "nama varian": "variant name",
    "Misalnya '250 g' atau 'Merah, L'.": "For example '250 g' or 'Red, L'.",
    "pilihan": "options",
    "berat (gram)": "weight (grams)",
    "Untuk menghitung ongkos kirim.": "Used to calculate shipping costs.",
    "dijual": "for sale",
    "varian": "variant",
    "harga": "price",
    "harga coret": "compare-at price",
    "stok di gudang": "stock on hand",
    "terpesan (sudah dibayar)": "allocated (paid)",
    "stok": "stock",
    "nama toko": "store name",
    "Alamat toko: opop.example/<slug>/. Huruf kecil dan tanda -.": (
        "The store's address: opop.example/<slug>/. Lowercase letters and hyphens."
    ),
    "penjual resmi": "legal seller",
    "Badan hukum penjual, biasanya koperasi pondok pesantren.": (
        "The seller's legal entity, usually the pesantren's cooperative."
    ),
    "cerita singkat": "short story",
    "e-mail kontak": "contact e-mail",
    "nomor WhatsApp": "WhatsApp number",
    "Contoh: 0812-3456-7890. Disimpan sebagai +62…": "For example: 0812-3456-7890. Stored as +62…",
    "alamat pengiriman asal": "shipping origin address",
    "kode provinsi asal": "origin province code",
    "kode kabupaten/kota asal": "origin regency/city code",
    "kode pos asal": "origin postcode",
    "PKP (pengusaha kena pajak)": "PKP (VAT-registered business)",
    "Centang jika toko terdaftar PKP: PPN 11% ditambahkan di checkout.": (
        "Tick if the store is PKP-registered: 11% PPN is added at checkout."
    ),
    "bank pencairan": "payout bank",
    "nama pemilik rekening": "account holder name",
    "nomor rekening": "account number",
    "Toko nonaktif tidak tampil bagi pembeli.": "Inactive stores are hidden from buyers.",
    "toko": "store",
    # Money and validators
    "Masukkan angka yang valid.": "Enter a valid number.",
    "Harga tidak boleh negatif.": "The price cannot be negative.",
    "Harga %(currency)s harus bilangan bulat tanpa desimal (contoh: 25000).": (
        "%(currency)s prices must be whole numbers without decimals (for example: 25000)."
    ),
    "Gunakan paling banyak %(places)s angka desimal untuk %(currency)s.": (
        "Use at most %(places)s decimal places for %(currency)s."
    ),
    "Data ini tidak ada atau bukan milik toko Anda.": "This does not exist or does not belong to your store.",
    "Akun Anda belum terhubung ke toko mana pun. Hubungi admin marketplace.": (
        "Your account is not linked to any store yet. Contact the marketplace administrators."
    ),
    "Nomor WhatsApp tidak dikenali. Contoh yang benar: 0812-3456-7890.": (
        "WhatsApp number not recognised. A correct example: 0812-3456-7890."
    ),
    "Nomor sertifikat halal BPJPH diawali 'ID' lalu angka, misalnya ID35110000123450823.": (
        "A BPJPH halal certificate number starts with 'ID' followed by digits, for example ID35110000123450823."
    ),
    "Nomor P-IRT terdiri dari 15 angka (boleh dengan tanda -), misalnya 2063507010123-28.": (
        "A P-IRT number has 15 digits (hyphens allowed), for example 2063507010123-28."
    ),
    "Nomor BPOM adalah MD atau ML diikuti 12 angka, misalnya BPOM RI MD 235602169254.": (
        "A BPOM number is MD or ML followed by 12 digits, for example BPOM RI MD 235602169254."
    ),
    # Admin menus and panels
    "Produk": "Products",
    "Foto": "Photos",
    "Foto produk": "Product photos",
    "Varian": "Variants",
    "Varian, harga dan stok": "Variants, prices and stock",
    "Izin pangan dan sertifikat": "Food permits and certificates",
    "Produk pangan wajib punya salah satu nomor: halal, P-IRT atau BPOM, sebelum diterbitkan.": (
        "Food products need a halal, P-IRT or BPOM number before they are published."
    ),
    "Halal dan izin": "Halal and permits",
    "Toko": "Stores",
    "Pengiriman dan pajak": "Shipping and tax",
    "Rekening pencairan": "Payout account",
    "Kategori": "Categories",
    "Jenis produk": "Product types",
    "Atribut": "Attributes",
    "Nilai": "Values",
    "Koleksi pilihan": "Featured collections",
    "Katalog marketplace": "Marketplace catalogue",
    # Orders in the admin
    "Pesanan ini tidak ada atau bukan milik toko Anda.": "This order does not exist or does not belong to your store.",
    "Pesanan %(n)s sedang diproses.": "Order %(n)s is being processed.",
    "Pesanan %(n)s ditandai dikirim.": "Order %(n)s marked as shipped.",
    "Tulis alasan pembatalan; pembeli akan membacanya.": "Write the reason for cancelling; the buyer will read it.",
    "Pesanan %(n)s dibatalkan; stok dikembalikan.": "Order %(n)s cancelled; stock returned.",
    "Aksi tidak dikenal.": "Unknown action.",
    "Pesanan %(n)s": "Order %(n)s",
    "Checkout dan pesanan": "Checkout and orders",
    "Terjadi kesalahan.": "Something went wrong.",
    "Perubahan status pesanan ini tidak diizinkan.": "This order status change is not allowed.",
    "Stok tidak mencukupi.": "Not enough stock.",
    "Isi keranjang berubah sejak halaman ini ditampilkan.": "Your cart changed since this page was shown.",
    # Checkout form
    "Nomor telepon tidak dikenali. Contoh: 0812-3456-7890.": "Phone number not recognised. Example: 0812-3456-7890.",
    "E-mail": "E-mail",
    "Nomor HP/WhatsApp": "Mobile/WhatsApp number",
    "Nama penerima": "Recipient's name",
    "Negara": "Country",
    "Provinsi": "Province",
    "Kabupaten/Kota": "Regency/City",
    "Kecamatan": "District",
    "Kelurahan/Desa": "Village",
    "Negara bagian/Provinsi": "State/Province",
    "Kota": "City",
    "Kode pos": "Postcode",
    "Alamat lengkap": "Full address",
    "Nama jalan, nomor rumah, RT/RW, patokan.": "Street, house number, unit, landmarks.",
    "Kode voucher": "Voucher code",
    "Metode pembayaran": "Payment method",
    "Saya menyetujui Syarat & Ketentuan dan Kebijakan Privasi.": "I agree to the Terms & Conditions and Privacy Policy.",
    "— pilih provinsi —": "— choose a province —",
    "— pilih kabupaten/kota —": "— choose a regency/city —",
    "— pilih kecamatan —": "— choose a district —",
    "— pilih kelurahan/desa —": "— choose a village —",
    "Pengiriman dari %(store)s": "Shipping from %(store)s",
    "Centang persetujuan untuk melanjutkan.": "Tick the agreement to continue.",
    "%(store)s belum mengirim ke alamat ini. Pilih alamat lain atau hapus produknya.": (
        "%(store)s does not ship to this address yet. Choose another address or remove its products."
    ),
    "Wajib diisi.": "Required.",
    "Pilih negara.": "Choose a country.",
    "Pilih provinsi.": "Choose a province.",
    "Pilih kabupaten/kota.": "Choose a regency/city.",
    "Pilih kecamatan.": "Choose a district.",
    "Pilih kelurahan/desa.": "Choose a village.",
    "Kode pos terdiri dari 5 angka.": "A postcode has 5 digits.",
    # Checkout and order models
    "keranjang": "cart",
    "e-mail": "e-mail",
    "telepon": "phone",
    "nama penerima": "recipient's name",
    "negara": "country",
    "wilayah": "region",
    "kota": "city",
    "kode pos": "postcode",
    "alamat": "address",
    "metode pembayaran": "payment method",
    "checkout": "checkout",
    "Menunggu pembayaran": "Awaiting payment",
    "Dibayar": "Paid",
    "Diproses": "Processing",
    "Dikirim": "Shipped",
    "Diterima": "Delivered",
    "Selesai": "Completed",
    "Dibatalkan": "Cancelled",
    "Kedaluwarsa": "Expired",
    "Dikembalikan": "Refunded",
    "nomor pesanan": "order number",
    "status": "status",
    "subtotal": "subtotal",
    "ongkos kirim": "shipping cost",
    "diskon": "discount",
    "PPN": "PPN",
    "total": "total",
    "sudah dikembalikan": "refunded so far",
    "pengiriman": "shipping",
    "voucher": "voucher",
    "kurir": "courier",
    "nomor resi": "tracking number",
    "alasan pembatalan": "cancellation reason",
    "pesanan": "order",
    "Aktif": "Active",
    "Teralokasi": "Allocated",
    "Dilepas": "Released",
    "nama layanan": "service name",
    "Misalnya 'JNE REG' atau 'Ambil di pondok'.": "For example 'JNE REG' or 'Pick up at the pesantren'.",
    "ambil di pesantren": "pick up at the pesantren",
    "provinsi tujuan": "destination province",
    "kabupaten/kota tujuan": "destination regency/city",
    "berat maksimum (gram)": "maximum weight (grams)",
    "tarif": "rate",
    "gratis di atas": "free above",
    "estimasi": "estimate",
    "tarif kirim": "shipping rate",
    "Persen": "Percent",
    "Potongan tetap": "Fixed amount",
    "kode": "code",
    "jenis": "type",
    "belanja minimum": "minimum spend",
    "batas pemakaian": "usage limit",
    "sudah dipakai": "times used",
    "berlaku mulai": "valid from",
    "berlaku sampai": "valid until",
    # Payments
    "Dana %(amount)s dikembalikan untuk pesanan %(number)s.": "%(amount)s refunded for order %(number)s.",
    "Pengembalian dana sedang diproses oleh penyedia pembayaran.": "The payment provider is processing the refund.",
    "Pembayaran %(id)s dikonfirmasi.": "Payment %(id)s confirmed.",
    "Pembayaran": "Payment",
    "Terjadi kesalahan pada pembayaran.": "Something went wrong with the payment.",
    "Layanan pembayaran sedang tidak bisa dihubungi. Pesanan Anda tetap tersimpan; silakan coba lagi sebentar lagi.": (
        "The payment service cannot be reached right now. Your order is saved; please try again in a moment."
    ),
    "Tanda tangan notifikasi tidak valid.": "The notification signature is not valid.",
    "Notifikasi tidak dapat dibaca.": "The notification could not be read.",
    "Pengembalian dana gagal diproses.": "The refund could not be processed.",
    # Shared by the quantity field on product and cart pages and the refund form (admin); buyers come first.
    "Jumlah": "Quantity",
    ("uang", "Jumlah"): "Amount",
    "Alasan": "Reason",
    "Paling banyak %(left)s.": "At most %(left)s.",
    "Melebihi sisa yang bisa dikembalikan (%(left)s).": "More than what is left to refund (%(left)s).",
    "Tuliskan alasan pengembalian dana.": "Write the reason for the refund.",
    "Transfer bank (konfirmasi manual)": "Bank transfer (confirmed by hand)",
    "Ongkos kirim": "Shipping",
    "Diskon": "Discount",
    "Midtrans (QRIS, GoPay, virtual account, kartu)": "Midtrans (QRIS, GoPay, virtual account, card)",
    "Midtrans belum dikonfigurasi.": "Midtrans is not configured.",
    "Midtrans tidak menjawab tepat waktu.": "Midtrans did not answer in time.",
    "Midtrans menolak permintaan.": "Midtrans refused the request.",
    "Midtrans memberi jawaban yang tidak dapat dibaca.": "Midtrans sent an answer that could not be read.",
    "Midtrans menolak pengembalian dana.": "Midtrans refused the refund.",
    "Kartu (Stripe)": "Card (Stripe)",
    "Stripe belum dikonfigurasi.": "Stripe is not configured.",
    "Stripe tidak menjawab tepat waktu.": "Stripe did not answer in time.",
    "Stripe menolak permintaan.": "Stripe refused the request.",
    "Stripe memberi jawaban yang tidak dapat dibaca.": "Stripe sent an answer that could not be read.",
    "Pembayaran Stripe ini tidak dapat dikembalikan.": "This Stripe payment cannot be refunded.",
    "Stripe menolak pengembalian dana.": "Stripe refused the refund.",
    "Dibuat": "Created",
    "Diotorisasi": "Authorised",
    "Ditinjau (fraud)": "Under review (fraud)",
    "Gagal": "Failed",
    "Dikembalikan sebagian": "Partly refunded",
    "Berhasil": "Succeeded",
    "Metode pembayaran ini belum tersedia. Silakan pilih metode lain.": (
        "This payment method is not available yet. Please choose another."
    ),
    "Pesanan ini sudah dibayar.": "This order has already been paid.",
    "Pesanan ini tidak lagi menunggu pembayaran. Silakan buat pesanan baru.": (
        "This order is no longer awaiting payment. Please place a new order."
    ),
    "Pembayaran %(id)s diterima.": "Payment %(id)s received.",
    "Batas waktu pembayaran habis.": "The payment deadline has passed.",
    "Pembayaran ganda dikembalikan otomatis.": "Duplicate payment refunded automatically.",
    "Stok habis saat pembayaran diterima; dana dikembalikan.": (
        "Stock ran out when the payment arrived; the money was refunded."
    ),
    "Jumlah pengembalian harus lebih dari 0 dan paling banyak %(left)s.": (
        "The refund amount must be more than 0 and at most %(left)s."
    ),
    "Masukkan jumlah yang valid.": "Enter a valid amount.",
    "Pesanan ini belum dibayar, jadi tidak ada yang bisa dikembalikan.": (
        "This order has not been paid, so there is nothing to refund."
    ),
    "Penyedia pembayaran menolak atau tidak menjawab permintaan pengembalian. Coba lagi nanti.": (
        "The payment provider refused or did not answer the refund request. Try again later."
    ),
    "Pesanan %(number)s dibatalkan: stok habis, dana dikembalikan": (
        "Order %(number)s cancelled: out of stock, money refunded"
    ),
    "Pembayaran untuk pesanan %(number)s diterima setelah batas waktu, tetapi stok sudah habis. Pesanan dibatalkan "
    "dan dana %(amount)s %(currency)s dikembalikan ke metode pembayaran Anda.": (
        "Your payment for order %(number)s arrived after the deadline, and the stock had run out. The order was "
        "cancelled and %(amount)s %(currency)s has been refunded to your payment method."
    ),
    "Hanya transfer manual yang dikonfirmasi dengan tangan.": "Only manual transfers are confirmed by hand.",
    "Transfer dikonfirmasi oleh %(user)s.": "Transfer confirmed by %(user)s.",
    "Percobaan": "Attempts",
    "Gateway": "Gateway",
    "Status": "Status",
    "Belum ada pembayaran.": "No payments yet.",
    "Pengembalian dana": "Refunds",
    "Kembalikan dana": "Refund",
    "Konfirmasi transfer diterima": "Confirm the transfer was received",
    "Kembalikan dana %(number)s": "Refund %(number)s",
    "Pesanan %(store)s: total %(total)s, bisa dikembalikan %(left)s.": (
        "%(store)s order: total %(total)s, refundable %(left)s."
    ),
    "Tidak ada lagi dana yang bisa dikembalikan untuk pesanan ini.": "Nothing is left to refund on this order.",
    "Transfer bank": "Bank transfer",
    "Selesaikan pembayaran dengan transfer bank": "Complete your payment by bank transfer",
    "Transfer tepat <strong>%(amount)s</strong> ke salah satu rekening berikut.": (
        "Transfer exactly <strong>%(amount)s</strong> to one of these accounts."
    ),
    "No. rekening": "Account no.",
    "Atas nama": "Account holder",
    "Tulis kode ini di berita transfer": "Write this code in the transfer note",
    "Bayar sebelum %(deadline)s WIB. Setelah itu stok tidak lagi kami tahan.": (
        "Pay before %(deadline)s WIB (Western Indonesian Time). After that we no longer hold the stock."
    ),
    "Setelah dana kami terima, toko mengonfirmasi dan pesanan Anda diproses.": (
        "Once we receive the money, the store confirms it and your order is processed."
    ),
    "Pesanan": "Order",
    ("menu", "Pesanan"): "Orders",
    "Status pembayaran": "Payment status",
    "Pembayaran diterima. Terima kasih!": "Payment received. Thank you!",
    "Pembayaran belum berhasil": "The payment did not go through",
    "Tidak ada dana yang ditarik. Anda bisa mencoba lagi dari halaman pesanan.": (
        "No money was taken. You can try again from the order page."
    ),
    "Batas waktu pembayaran habis": "The payment deadline has passed",
    "Pesanan dibatalkan otomatis dan stok dilepas.": "The order was cancelled automatically and the stock released.",
    "Pembayaran dibatalkan": "Payment cancelled",
    "Pesanan Anda masih menunggu pembayaran. Anda bisa mencoba lagi.": (
        "Your order is still awaiting payment. You can try again."
    ),
    "Kami sedang menunggu konfirmasi pembayaran": "We are waiting for the payment to be confirmed",
    "Biasanya hanya beberapa detik. Kami mengirim e-mail begitu pembayaran terkonfirmasi.": (
        "This usually takes a few seconds. We will e-mail you as soon as the payment is confirmed."
    ),
    "simulator": "simulator",
    "SIMULATOR — bukan pembayaran sungguhan.": "SIMULATOR — not a real payment.",
    "Nomor transaksi": "Transaction number",
    "Total": "Total",
    "Bayar (QRIS) — berhasil": "Pay (QRIS) — succeeds",
    "Bayar (virtual account) — berhasil": "Pay (virtual account) — succeeds",
    "Kartu ditolak": "Card declined",
    "Biarkan kedaluwarsa": "Let it expire",
    "Bayar dengan kartu uji 4242 — berhasil": "Pay with test card 4242 — succeeds",
    "Pembayaran gagal": "Payment failed",
    # Payments: refunds and chargebacks made outside the shop
    "%(kind)s %(amount)s pada pembayaran %(id)s tidak diterapkan otomatis: %(why)s. Periksa di dashboard penyedia "
    "dan catat pengembaliannya pada pesanan yang benar.": (
        "%(kind)s of %(amount)s on payment %(id)s was not applied automatically: %(why)s. Check the provider's "
        "dashboard and record the refund on the right order."
    ),
    "%(kind)s lewat %(gateway)s": "%(kind)s via %(gateway)s",
    "Chargeback / sengketa": "Chargeback / dispute",
    "Dibatalkan: pembeli memulai pembayaran baru.": "Cancelled: the buyer started a new payment.",
    "Diterapkan ke pesanan": "Applied to the order",
    "Pengembalian dari dashboard penyedia": "Refund from the provider's dashboard",
    "Perlu diperiksa manual": "Needs a manual check",
    "Perlu diperiksa: penyedia pembayaran melaporkan uang yang dikembalikan di luar toko.": (
        "Needs checking: the payment provider reported money returned outside the shop."
    ),
    "jumlah tidak diketahui": "unknown amount",
    "jumlahnya melebihi sisa yang bisa dikembalikan": "the amount is more than what is left to refund",
    "jumlahnya tidak cocok tepat dengan satu pesanan toko": "the amount does not match exactly one store order",
    "jumlahnya tidak disebutkan oleh penyedia": "the provider did not state the amount",
    "pembayaran ini bukan pembayaran yang dihitung untuk pesanan (pembayaran ganda)": (
        "this is not the payment counted for the order (a duplicate payment)"
    ),
    # Cart and checkout services
    "Jumlah harus berupa angka bulat.": "The quantity must be a whole number.",
    "Jumlah minimal 1.": "The quantity must be at least 1.",
    "Jumlah maksimal %(max)s per produk.": "At most %(max)s per product.",
    "Produk ini tidak tersedia untuk dibeli.": "This product is not available to buy.",
    "Produk ini tidak dijual di wilayah Anda.": "This product is not sold in your region.",
    "Maaf, %(product)s sedang habis.": "Sorry, %(product)s is sold out.",
    "Stok %(product)s tinggal %(n)s.": "Only %(n)s of %(product)s left.",
    "Baris keranjang tidak ditemukan.": "Cart line not found.",
    "%(product)s tidak lagi tersedia.": "%(product)s is no longer available.",
    "Stok sudah habis untuk sebagian barang pesanan ini.": "Some items in this order are out of stock.",
    "Pesanan %(number)s tidak bisa diubah dari “%(from)s” ke “%(to)s”.": (
        "Order %(number)s cannot change from “%(from)s” to “%(to)s”."
    ),
    "Pembayaran diterima setelah dibatalkan.": "Payment received after the order was cancelled.",
    "Pembayaran diterima, tetapi stok sudah habis. Dana dikembalikan.": (
        "Payment received, but the stock had run out. The money was refunded."
    ),
    "Stok habis saat pembayaran diterima.": "Stock ran out when the payment arrived.",
    "Jumlah pengembalian tidak valid (sisa yang bisa dikembalikan: %(left)s).": (
        "Invalid refund amount (left to refund: %(left)s)."
    ),
    "Isi kurir dan nomor resi.": "Enter the courier and tracking number.",
    "Pesanan ini belum dibayar atau sudah dikirim.": "This order is not paid yet or has already been shipped.",
    "Formulir ini sudah kedaluwarsa. Periksa lagi pesanan Anda lalu kirim ulang.": (
        "This form has expired. Check your order again and resubmit."
    ),
    "Data formulir tidak valid. Halaman kami muat ulang; periksa lagi pesanan Anda.": (
        "The form data was not valid. We reloaded the page; please check your order again."
    ),
    "Keranjang Anda kosong.": "Your cart is empty.",
    "Rincian pesanan berubah.": "The order details changed.",
    "Maaf, stok habis: %(names)s.": "Sorry, out of stock: %(names)s.",
    "Stok tidak cukup: %(items)s.": "Not enough stock: %(items)s.",
    "%(v)s tinggal %(n)s": "%(v)s: only %(n)s left",
    "Kuota voucher %(code)s sudah habis.": "Voucher %(code)s has been used up.",
    "Pesanan dibuat; stok ditahan sampai %(until)s.": "Order placed; stock held until %(until)s.",
    "PPN %(rate)s%%": "PPN %(rate)s%%",
    "Kode voucher “%(code)s” tidak dikenal.": "Voucher code “%(code)s” not recognised.",
    "Voucher %(code)s belum berlaku.": "Voucher %(code)s is not valid yet.",
    "Voucher %(code)s sudah kedaluwarsa.": "Voucher %(code)s has expired.",
    "Voucher %(code)s berlaku untuk belanja minimal %(min)s.": "Voucher %(code)s needs a minimum spend of %(min)s.",
    "Voucher %(code)s hanya berlaku untuk produk %(store)s.": "Voucher %(code)s is valid only for %(store)s products.",
    "Pilihan pengiriman untuk %(store)s tidak berlaku untuk alamat ini.": (
        "The shipping option chosen for %(store)s does not apply to this address."
    ),
    "%(store)s belum mengirim ke alamat ini. Pilih ambil di pesantren atau hapus produknya.": (
        "%(store)s does not ship to this address yet. Choose pick-up at the pesantren or remove its products."
    ),
    "Pilih pengiriman untuk %(store)s.": "Choose shipping for %(store)s.",
    "Sebuah produk tidak lagi tersedia dan dikeluarkan dari keranjang.": (
        "A product is no longer available and was removed from your cart."
    ),
    "Harga %(product)s berubah dari %(old)s menjadi %(new)s.": "The price of %(product)s changed from %(old)s to %(new)s.",
    "Jumlah %(product)s sekarang %(qty)s.": "The quantity of %(product)s is now %(qty)s.",
    "%(product)s ditambahkan ke keranjang.": "%(product)s added to your cart.",
    "Ongkos kirim %(name)s dari %(store)s berubah dari %(old)s menjadi %(new)s.": (
        "Shipping by %(name)s from %(store)s changed from %(old)s to %(new)s."
    ),
    "Pilihan pengiriman dari %(store)s berubah.": "The shipping options from %(store)s changed.",
    "Pengiriman dari %(store)s sekarang %(name)s (%(cost)s).": "Shipping from %(store)s is now %(name)s (%(cost)s).",
    "Total bayar sekarang %(total)s.": "The total to pay is now %(total)s.",
    "Total berubah dari %(old)s menjadi %(new)s.": "The total changed from %(old)s to %(new)s.",
    "Mata uang berubah; periksa lagi totalnya.": "The currency changed; please check the total again.",
    # Buyer pages: cart, checkout, order, e-mails
    "Subtotal": "Subtotal",
    "Gratis": "Free",
    "pilih dulu": "choose first",
    "Total untuk toko ini": "Total for this store",
    "Pesanan saya": "My orders",
    "Belum ada pesanan.": "No orders yet.",
    "Semua pesanan": "All orders",
    "Cetak slip pengiriman": "Print packing slip",
    "Kurir": "Courier",
    "Nomor resi": "Tracking number",
    "Alasan pembatalan": "Cancellation reason",
    "Barang": "Item",
    "Harga": "Price",
    "Penerima": "Recipient",
    "Tindakan": "Actions",
    "Tandai sedang diproses": "Mark as processing",
    "Tandai dikirim": "Mark as shipped",
    "Batalkan pesanan": "Cancel order",
    "Riwayat": "History",
    "Slip pengiriman": "Packing slip",
    "Cetak": "Print",
    "Kepada": "To",
    "Dari": "From",
    "Pengiriman": "Shipping",
    "Keranjang": "Cart",
    "Keranjang Anda masih kosong.": "Your cart is empty.",
    "Mulai belanja": "Start shopping",
    "Ubah": "Update",
    "Hapus": "Remove",
    "Total belanja (belum termasuk ongkos kirim)": "Items total (shipping not included)",
    "Lanjut ke checkout": "Go to checkout",
    "Checkout": "Checkout",
    "Ada perubahan sejak halaman ini ditampilkan. Belum ada yang dibayar atau dipesan.": (
        "Something changed since this page was shown. Nothing has been paid or ordered."
    ),
    "Periksa rincian di bawah, lalu tekan “Buat pesanan” lagi.": "Check the details below, then press “Place order” again.",
    "Kontak": "Contact",
    "Alamat pengiriman": "Shipping address",
    "Pilih wilayah dari atas ke bawah. Tanpa JavaScript, tekan “Perbarui” setelah tiap pilihan.": (
        "Choose the region from top to bottom. Without JavaScript, press “Update” after each choice."
    ),
    "Perbarui": "Update",
    "Pilih alamat dulu untuk melihat ongkos kirim.": "Choose an address first to see shipping costs.",
    "Voucher": "Voucher",
    "Pakai voucher": "Apply voucher",
    "Total bayar": "Total to pay",
    "Mengganti pengiriman atau voucher? Tekan “Perbarui total” agar total di atas ikut berubah.": (
        "Changed the shipping or voucher? Press “Update total” so the total above changes too."
    ),
    "Perbarui total": "Update total",
    "Versi ketentuan: %(terms_version)s. Waktu persetujuan dicatat.": (
        "Terms version: %(terms_version)s. The time you agreed is recorded."
    ),
    "Buat pesanan": "Place order",
    "Pesanan dibuat": "Order placed",
    "Terima kasih, pesanan Anda sudah dibuat": "Thank you, your order has been placed",
    "Rincian dikirim ke %(email)s. Simpan tautan pesanan di bawah.": (
        "The details were sent to %(email)s. Keep the order link below."
    ),
    "Bayar sekarang": "Pay now",
    "PPN 11%%": "PPN 11%%",
    "Halo %(name)s,": "Hello %(name)s,",
    "Pesanan %(number)s di %(store)s dibatalkan.": "Order %(number)s at %(store)s has been cancelled.",
    "Alasan:": "Reason:",
    "Dana yang sudah Anda bayar akan dikembalikan.": "The money you paid will be refunded.",
    "Lihat pesanan:": "View your order:",
    "Pesanan %(number)s dibatalkan": "Order %(number)s cancelled",
    "Pembayaran pesanan %(number)s sudah kami terima. %(store)s akan segera menyiapkan dan mengirim pesanan Anda.": (
        "We have received the payment for order %(number)s. %(store)s will prepare and ship your order soon."
    ),
    "Pembayaran pesanan %(number)s diterima": "Payment for order %(number)s received",
    "Terima kasih. Pesanan %(number)s di %(store)s sudah kami terima dan menunggu pembayaran.": (
        "Thank you. We have received order %(number)s at %(store)s and it is awaiting payment."
    ),
    "Lihat pesanan dan cara membayar:": "See your order and how to pay:",
    "Pesanan %(number)s dari %(store)s diterima": "Order %(number)s from %(store)s received",
    "%(store)s sudah mengirim pesanan %(number)s dengan %(courier)s, nomor resi %(tracking)s.": (
        "%(store)s has shipped order %(number)s with %(courier)s, tracking number %(tracking)s."
    ),
    "Pesanan %(number)s sudah dikirim": "Order %(number)s has been shipped",
    "Pesanan %(number)s untuk %(store)s sudah dibayar. Silakan proses dan kirim.": (
        "Order %(number)s for %(store)s has been paid. Please process and ship it."
    ),
    "Pesanan baru dibayar: %(number)s": "New paid order: %(number)s",
    "Dikirim dengan": "Shipped with",
    "Sudah dikembalikan": "Refunded",
    "Dikirim ke": "Ship to",
    "%(product)s masuk keranjang.": "%(product)s is in your cart.",
    "Produk dihapus dari keranjang.": "Product removed from your cart.",
    "Jumlah diperbarui.": "Quantity updated.",
    "Pesanan belum dibuat: ada yang berubah. Periksa lagi lalu kirim ulang.": (
        "The order was not placed: something changed. Check again and resubmit."
    ),
    "Tujuan (kosongkan = semua)": "Destination (empty = all)",
    # CMS blocks and pages
    "Halaman": "Pages",
    "teks": "text",
    "gambar": "image",
    "teks tombol": "button text",
    "tautan tombol": "button link",
    "Alamat di toko ini, misalnya produk/ atau p/kopi-kaleng/, atau alamat lengkap https://…": (
        "An address in this store, for example produk/ or p/kopi-kaleng/, or a full https://… address"
    ),
    "Banner utama": "Hero banner",
    "sumber produk": "product source",
    "Produk terbaru": "Newest products",
    "Menurut kategori": "By category",
    "Pilih sendiri": "Hand-picked",
    "koleksi": "collection",
    "produk pilihan": "chosen products",
    "jumlah maksimal": "maximum number",
    "Kisi produk": "Product grid",
    "cerita": "story",
    "posisi gambar": "image position",
    "Kiri": "Left",
    "Kanan": "Right",
    "Cerita dengan gambar": "Story with image",
    "Sertifikat & izin": "Certificates & permits",
    "Sertifikat": "Certificates",
    "kutipan": "quote",
    "asal": "from",
    "Kata pembeli": "What buyers say",
    "testimoni": "testimonial",
    "Testimoni": "Testimonials",
    "keterangan": "caption",
    "Galeri": "Gallery",
    "Tanya langsung lewat WhatsApp": "Ask us directly on WhatsApp",
    "Chat WhatsApp": "Chat on WhatsApp",
    "pesan awal": "opening message",
    "Teks yang sudah terisi saat pembeli membuka WhatsApp.": "Text already filled in when the buyer opens WhatsApp.",
    "Ajakan WhatsApp": "WhatsApp call to action",
    "pertanyaan": "question",
    "jawaban": "answer",
    "Pertanyaan umum": "Frequently asked questions",
    "Tanya jawab (FAQ)": "Questions and answers (FAQ)",
    "Teks": "Text",
    "Jelaskan isi foto untuk pembeli tunanetra.": "Describe the photo for blind buyers.",
    "Gunakan warna heks 6 digit, misalnya #1f5f3f.": "Use a 6-digit hex colour, for example #1f5f3f.",
    "pengantar": "introduction",
    "isi tambahan": "more content",
    "beranda marketplace": "marketplace home",
    "slogan": "tagline",
    "tema": "theme",
    "warna utama": "primary colour",
    "Latar tombol dan kepala halaman, dengan teks putih di atasnya. Kosongkan untuk warna tema.": (
        "Background of buttons and the page header, with white text on it. Leave empty for the theme's colour."
    ),
    "warna aksen": "accent colour",
    "Warna harga dan tautan di atas latar tema. Kosongkan untuk warna tema.": (
        "Colour of prices and links on the theme's background. Leave empty for the theme's colour."
    ),
    "huruf": "font",
    "logo": "logo",
    "banner": "banner",
    "isi etalase": "storefront content",
    "warna": "Colours",
    "gambar merek": "Brand images",
    "Isi": "Content",
    "Tema & merek": "Theme & brand",
    "SEO & promosi": "SEO & promotion",
    "Pengaturan": "Settings",
    "etalase toko": "storefront",
    "Semua produk": "All products",
    "isi": "body",
    "bagian": "sections",
    "halaman konten": "content page",
    # Buyer pages: home, listings, search, product, storefront
    "Halal": "Halal",
    "berlaku s.d. %(d)s": "valid until %(d)s",
    "Jejak halaman": "Breadcrumb",
    "Belanja produk pesantren": "Shop pesantren products",
    "Belanja kopi, batik, madu, sabun dan camilan langsung dari pesantren Jawa Timur.": (
        "Shop coffee, batik, honey, soap and snacks straight from the pesantren of East Java."
    ),
    "Cari produk pesantren": "Search pesantren products",
    "Cari kopi, batik, madu…": "Search coffee, batik, honey…",
    "Cari": "Search",
    "Toko pesantren": "Pesantren stores",
    "Belum ada toko.": "No stores yet.",
    "Saring": "Filter",
    "Semua": "All",
    "Harga min.": "Min. price",
    "Harga maks.": "Max. price",
    "Ada stok": "In stock",
    "Bersertifikat halal": "Halal certified",
    "Urutkan": "Sort",
    "Terbaru": "Newest",
    "Harga terendah": "Price: low to high",
    "Harga tertinggi": "Price: high to low",
    "Nama A–Z": "Name A–Z",
    "Terapkan": "Apply",
    "%(total)s produk": ("%(total)s product", "%(total)s products"),
    "Halaman hasil": "Result pages",
    "Sebelumnya": "Previous",
    "Halaman %(n)s dari %(total)s": "Page %(n)s of %(total)s",
    "Berikutnya": "Next",
    "Stok habis": "Sold out",
    "Belum ada produk yang cocok.": "No matching products yet.",
    "Produk %(name)s": "Products from %(name)s",
    "Dijual oleh": "Sold by",
    "Sisa %(n)s lagi": ("Only %(n)s left", "Only %(n)s left"),
    "Stok tersedia": "In stock",
    "Pilih varian": "Choose a variant",
    "habis": "sold out",
    "Tampilkan varian": "Show variant",
    "Tambah ke keranjang": "Add to cart",
    "Izin dan sertifikat": "Permits and certificates",
    "Assalamualaikum, saya tertarik dengan %(title)s": "Assalamualaikum, I am interested in %(title)s",
    "Tanya lewat WhatsApp": "Ask on WhatsApp",
    "Deskripsi": "Description",
    "Produk terkait": "Related products",
    "“%(query)s”: hasil pencarian": "“%(query)s”: search results",
    "Hasil untuk “%(query)s”": "Results for “%(query)s”",
    "Penjual resmi: %(seller)s": "Legal seller: %(seller)s",
    "Chat WhatsApp toko": "Chat with the store on WhatsApp",
    "Bagian dari OPOP Jawa Timur: One Pesantren One Product.": "Part of OPOP East Java: One Pesantren One Product.",
    "Chat penjual": "Chat with the seller",
    "Produk toko": "Store products",
    "Lihat semua & saring": "See all & filter",
    "Pilihan kanal tidak dikenal; tidak ada yang diubah.": "Unknown channel; nothing was changed.",
    "Hasil pencarian": "Search results",
    # Themes
    "Tema": "Theme",
    "Kontras teks putih di atas %(colour)s hanya %(ratio).2f:1; minimal 4.5:1 (WCAG AA). Pilih warna yang lebih "
    "gelap.": (
        "White text on %(colour)s has a contrast of only %(ratio).2f:1; at least 4.5:1 is needed (WCAG AA). "
        "Choose a darker colour."
    ),
    "Kontras %(colour)s di atas latar tema %(theme)s (%(background)s) hanya %(ratio).2f:1; minimal 4.5:1 "
    "(WCAG AA).": (
        "%(colour)s on the %(theme)s theme's background (%(background)s) has a contrast of only %(ratio).2f:1; "
        "at least 4.5:1 is needed (WCAG AA)."
    ),
    "Klasik pesantren": "Pesantren classic",
    "Krem hangat, judul serif, tata letak tenang seperti kitab.": (
        "Warm cream, serif headings, a calm layout like a kitab."
    ),
    "Pasar modern": "Modern market",
    "Putih bersih, kartu produk tegas, tombol besar: rasa marketplace.": (
        "Clean white, bold product cards, big buttons: a marketplace feel."
    ),
    "Malam batik": "Batik night",
    "Latar gelap yang elegan untuk batik, kerajinan, dan produk premium.": (
        "An elegant dark background for batik, crafts and premium products."
    ),
    "Sans-serif sistem": "System sans-serif",
    "Serif (Georgia)": "Serif (Georgia)",
    "Humanis (Trebuchet)": "Humanist (Trebuchet)",
    "Membulat": "Rounded",
    "Mesin tik": "Typewriter",
    # Base template and 404
    "Halaman tidak ditemukan": "Page not found",
    "Maaf, halaman ini tidak ada": "Sorry, this page does not exist",
    "Produk atau toko yang Anda cari tidak ditemukan, belum terbit, atau sedang tidak aktif.": (
        "The product or store you are looking for was not found, is not published yet, or is inactive."
    ),
    "Kembali ke %(name)s": "Back to %(name)s",
    "Ke beranda marketplace": "Go to the marketplace home",
    "Belanja produk pesantren Jawa Timur: kopi, batik, madu, sabun dan camilan, langsung dari koperasi pondok.": (
        "Shop products of East Java's pesantren: coffee, batik, honey, soap and snacks, straight from the "
        "pesantren cooperatives."
    ),
    "Langsung ke isi": "Skip to content",
    "Menu utama": "Main menu",
    "Cari produk": "Search products",
    "OPOP Jawa Timur: One Pesantren One Product. Produk asli pesantren, dikirim dari koperasi pondok.": (
        "OPOP East Java: One Pesantren One Product. Genuine pesantren products, shipped by the pesantren "
        "cooperatives."
    ),
    "Beranda marketplace": "Marketplace home",
    "Negara, mata uang dan bahasa": "Country, currency and language",
    "Produk pondok pesantren": "Pesantren products",
    "Pesan khusus lewat WhatsApp": "Special orders on WhatsApp",
    # Store directory
    "%(total)s toko": ("%(total)s store", "%(total)s stores"),
    "Cari toko": "Search stores",
    "Daftar toko pesantren": "Pesantren store directory",
    "Halaman daftar toko": "Store directory pages",
    "Lihat semua %(total)s toko": ("See the %(total)s store", "See all %(total)s stores"),
    "Menjual": "Sells",
    "Nama toko": "Store name",
    "Semua kategori": "All categories",
    "Semua toko pesantren Jawa Timur di OPOP: kopi, batik, madu, sabun dan camilan langsung dari pondok.": (
        "Every East Java pesantren store on OPOP: coffee, batik, honey, soap and snacks straight from the pesantren."
    ),
    "Tidak ada toko yang cocok.": "No matching stores.",
    "halaman %(n)s": "page %(n)s",
    # Order admin: delivery and completion
    "Pesanan %(n)s ditandai selesai.": "Order %(n)s marked as completed.",
    "Pesanan %(n)s ditandai sudah diterima pembeli.": "Order %(n)s marked as delivered to the buyer.",
    "Tandai selesai": "Mark as completed",
    "Tandai sudah diterima pembeli": "Mark as delivered to the buyer",
    # Settings
    "Bahasa Indonesia": "Bahasa Indonesia",
    "English": "English",
    # Settling reversals left for a person (payments admin)
    "%(amount)s melebihi sisa yang bisa dikembalikan untuk pesanan %(number)s (%(left)s).": (
        "%(amount)s is more than order %(number)s has left to refund (%(left)s)."
    ),
    "%(kind)s %(amount)s pada pembayaran %(id)s diselesaikan: %(how)s. Catatan: %(note)s": (
        "%(kind)s of %(amount)s on payment %(id)s settled: %(how)s. Note: %(note)s"
    ),
    "%(kind)s sebesar %(amount)s pada pembayaran %(payment)s (%(gateway)s).": (
        "%(kind)s of %(amount)s on payment %(payment)s (%(gateway)s)."
    ),
    "Admin marketplace memeriksa dan menyelesaikannya; hubungi mereka bila Anda tahu pesanan mana yang dimaksud.": (
        "A marketplace admin checks and settles this; contact them if you know which order it concerns."
    ),
    "Apa yang Anda periksa di dashboard penyedia dan apa yang Anda putuskan.": (
        "What you checked in the provider's dashboard and what you decided."
    ),
    "Catatan": "Note",
    "Dana ini dikembalikan untuk": "This money was returned for",
    "Dana sengketa yang dimenangkan kembali ke toko; tidak ada pengembalian yang bisa dicatat.": (
        "The money of a won dispute came back to the store; there is no refund to record."
    ),
    "Diselesaikan oleh admin": "Settled by an admin",
    "Laporan dari penyedia pembayaran diselesaikan.": "The payment provider's report is settled.",
    "Laporan ini sudah diselesaikan.": "This report has already been settled.",
    "Mengapa tidak diterapkan otomatis": "Why it was not applied automatically",
    "Periksa di dashboard penyedia pembayaran untuk pesanan mana dana ini dikembalikan, lalu catat di sini. Bila Anda memilih pesanan, pengembaliannya dicatat pada pesanan itu seperti pengembalian dari toko.": (
        "Check in the payment provider's dashboard which order this money was returned for, then record it here. "
        "If you choose an order, the refund is recorded on it like a refund made by the store."
    ),
    "Pesanan %(number)s · %(store)s · bisa dikembalikan %(left)s": "Order %(number)s · %(store)s · %(left)s refundable",
    "Pesanan itu bukan bagian dari pembayaran ini.": "That order is not part of this payment.",
    "Selesaikan": "Settle",
    "Selesaikan laporan pembayaran": "Settle a payment report",
    "Sengketa %(id)s dimenangkan: %(amount)s kembali ke toko. Chargeback-nya %(where)s; periksa pesanan dan catat penyelesaiannya.": (
        "Dispute %(id)s won: %(amount)s came back to the store. Its chargeback was %(where)s; check the order and "
        "record how it was settled."
    ),
    "Sengketa dimenangkan, dana kembali": "Dispute won, money returned",
    "Tidak untuk pesanan mana pun: catat saja (mis. pembayaran ganda, sengketa selesai)": (
        "Not for any order: just record it (e.g. a duplicate payment, a settled dispute)"
    ),
    "Tulis catatan: apa yang Anda periksa dan putuskan.": "Write a note: what you checked and decided.",
    "chargeback-nya %(where)s": "its chargeback was %(where)s",
    "dicatat sebagai pengembalian pesanan %(number)s": "recorded as a refund of order %(number)s",
    "tidak diterapkan ke pesanan mana pun": "not applied to any order",
    "tidak tercatat pada pesanan": "not recorded on an order",
    # Error pages
    "Akses ditolak": "Access denied",
    "Alamat atau data yang dikirim tidak valid. Kembali ke halaman sebelumnya dan coba lagi.": (
        "The address or the data sent is not valid. Go back to the previous page and try again."
    ),
    "Anda tidak punya akses ke halaman ini": "You do not have access to this page",
    "Bila Anda pengelola toko, masuk dengan akun toko Anda.": "If you run a store, sign in with your store account.",
    "Demi keamanan, formulir tidak dikirim. Muat ulang halaman lalu coba lagi; pastikan cookie diizinkan di browser Anda.": (
        "For your security the form was not sent. Reload the page and try again, with cookies allowed in your browser."
    ),
    "Halaman ini sudah kedaluwarsa": "This page has expired",
    "Halaman kedaluwarsa": "Page expired",
    "Maaf, terjadi kesalahan di sisi kami": "Sorry, something went wrong on our side",
    "Permintaan ini tidak bisa kami proses": "We could not process this request",
    "Permintaan tidak valid": "Bad request",
    "Terjadi kesalahan": "Something went wrong",
    "Tim kami sudah diberi tahu. Keranjang dan pesanan Anda tetap aman; silakan coba lagi sebentar lagi.": (
        "Our team has been told. Your cart and orders are safe; please try again in a moment."
    ),
    # Dashboard panel: open payment reports
    "%(n)s laporan dari penyedia pembayaran menunggu keputusan Anda.": (
        "%(n)s report from a payment provider is waiting for your decision.",
        "%(n)s reports from payment providers are waiting for your decision.",
    ),
    "Laporan": "Report",
    "Laporan pembayaran perlu diperiksa": "Payment reports to check",
    "Yang terlama ditampilkan dulu.": "The oldest are shown first.",
}
