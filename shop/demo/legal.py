"""The demo marketplace's terms and privacy policy (``cms.LegalPage``), in Indonesian with an English version.

The privacy policy's section "Kunjungan dan kampanye" (``VISITS_HEADING``) says what the campaign links keep
(docs/privacy.md, which names the code each sentence describes).
"""

from __future__ import annotations

from cms.models import HomePage, LegalKind, LegalPage

VISITS_HEADING = "Kunjungan dan kampanye"
VISITS_HEADING_EN = "Visits and campaigns"

TERMS_BODY = """
<p>Syarat ini berlaku untuk setiap pembelian di OPOP Shop, pasar daring produk pesantren Jawa Timur. Dengan
mencentang persetujuan di halaman checkout, Anda menyetujui versi syarat yang berlaku saat itu.</p>
<h2>Penjual dan pesanan</h2>
<p>Setiap produk dijual oleh koperasi pesantren yang tercantum di halaman produk. Satu checkout dapat berisi
produk dari beberapa pesantren; setiap pesantren menerima pesanannya sendiri dan mengirimkannya sendiri.</p>
<h2>Harga dan pembayaran</h2>
<p>Harga, ongkos kirim, potongan voucher dan PPN ditampilkan sebelum Anda membuat pesanan. Pesanan dibayar
dalam batas waktu yang tertera di halaman pembayaran; setelah itu pesanan dibatalkan dan stoknya dilepas.</p>
<h2>Pengiriman</h2>
<p>Pesantren mengirim pesanan dengan kurir yang Anda pilih dan mencantumkan nomor resi di halaman pesanan.</p>
<h2>Pembatalan dan pengembalian dana</h2>
<p>Pesanan yang belum dibayar dapat Anda batalkan dari halaman pesanan. Jika pesanan yang sudah dibayar tidak
dapat dipenuhi, dana dikembalikan melalui metode pembayaran yang sama.</p>
<h2>Kontak</h2>
<p>Pertanyaan tentang pesanan dapat diajukan langsung ke pesantren penjual melalui WhatsApp di halaman tokonya.</p>
"""

TERMS_BODY_EN = """
<p>These terms apply to every purchase on OPOP Shop, the online market of East Java's pesantren products. By
ticking the agreement on the checkout page you accept the version in force at that moment.</p>
<h2>Sellers and orders</h2>
<p>Each product is sold by the pesantren cooperative named on its page. One checkout may hold products of several
pesantren; each receives and ships its own order.</p>
<h2>Prices and payment</h2>
<p>Prices, shipping, voucher discounts and VAT (PPN) are shown before you place the order. Pay within the time
shown on the payment page; after it the order is cancelled and its stock released.</p>
<h2>Cancellations and refunds</h2>
<p>You can cancel an unpaid order from its order page. A paid order that cannot be fulfilled is refunded through
the same payment method.</p>
"""

PRIVACY_BODY = f"""
<p>OPOP Shop hanya menyimpan data yang dibutuhkan untuk mengantar pesanan Anda.</p>
<h2>Yang kami simpan</h2>
<ul>
<li><b>Pesanan</b>: produk, jumlah, harga, ongkos kirim, pembayaran dan riwayat status setiap pesanan.</li>
<li><b>Alamat dan kontak</b>: nama penerima, alamat pengiriman, e-mail dan nomor WhatsApp yang Anda isi saat
checkout, agar pesantren dapat mengirim pesanan dan menghubungi Anda tentangnya.</li>
<li><b>Sesi</b>: sebuah cookie sesi menyimpan keranjang, saluran (Indonesia atau internasional) dan bahasa Anda.
Tidak ada cookie iklan.</li>
<li><b>Persetujuan</b>: versi syarat dan kebijakan ini yang Anda setujui, beserta waktunya.</li>
</ul>
<h2>Siapa yang melihatnya</h2>
<p>Pesantren penjual melihat pesanan dan alamat untuk pesanannya sendiri saja. Penyedia pembayaran (Midtrans,
Stripe, bank) menerima data yang diperlukan untuk pembayaran.</p>
<h2>{VISITS_HEADING}</h2>
<p>Jika Anda membuka toko lewat tautan kampanye (misalnya tautan di status WhatsApp, bio Instagram, atau kode QR di brosur), kami mencatat sumber tautan itu di sesi Anda saja, agar pesanan yang Anda buat dalam kunjungan tersebut tercatat berasal dari kampanye toko itu. Yang kami simpan hanyalah jumlah kunjungan per kampanye per hari dan kampanye pada pesanan Anda; kami tidak menyimpan alamat IP, perangkat, atau riwayat jelajah Anda untuk keperluan ini. Kami tidak memakai cookie selain cookie sesi toko dan tidak memasang skrip pihak ketiga (tanpa piksel iklan atau alat analitik luar). Data sesi terhapus ketika sesi berakhir atau Anda keluar.</p>
<h2>Hak Anda</h2>
<p>Anda dapat meminta salinan atau penghapusan data Anda kepada pengelola marketplace; data pesanan yang wajib
disimpan untuk pembukuan tetap disimpan selama masa yang diwajibkan.</p>
"""

PRIVACY_BODY_EN = f"""
<p>OPOP Shop keeps only the data it needs to deliver your order.</p>
<h2>What we keep</h2>
<ul>
<li><b>Orders</b>: products, quantities, prices, shipping, payment and the status history of each order.</li>
<li><b>Address and contact</b>: the recipient's name, shipping address, e-mail and WhatsApp number you enter at
checkout, so the pesantren can ship the order and reach you about it.</li>
<li><b>Session</b>: a session cookie keeps your cart, channel (Indonesia or international) and language. No
advertising cookies.</li>
<li><b>Consent</b>: the version of these terms and this policy you agreed to, and when.</li>
</ul>
<h2>{VISITS_HEADING_EN}</h2>
<p>If you open a shop through a campaign link (a link in a WhatsApp status, an Instagram bio, or a flyer's QR code), we note the link's source in your session only, so that an order you place during that visit is credited to that store's campaign. What we keep is a count of visits per campaign per day and the campaign on your order; we keep no IP address, device or browsing history for this. We use no cookie beyond the shop's session cookie and no third-party scripts (no advertising pixels or outside analytics). The session data is gone when the session ends or you log out.</p>
"""

PAGES = [
    (LegalKind.TERMS, "Syarat & Ketentuan", "syarat-ketentuan", TERMS_BODY, "Terms & Conditions", TERMS_BODY_EN),
    (LegalKind.PRIVACY, "Kebijakan Privasi", "kebijakan-privasi", PRIVACY_BODY, "Privacy Policy", PRIVACY_BODY_EN),
]


def ensure_legal_pages(home: HomePage) -> list[LegalPage]:
    """Both legal pages, published below the home page; an existing page of a kind is left as its admins wrote
    it. Idempotent."""
    pages = []
    for kind, title, slug, body, title_en, body_en in PAGES:
        page = LegalPage.objects.filter(kind=kind).first()
        if page is None:
            page = home.add_child(
                instance=LegalPage(
                    kind=kind, title=title, slug=slug, body=body.strip(), title_en=title_en,
                    body_en=body_en.strip(), search_description=title,
                )
            )
            page.save_revision().publish()
        pages.append(page)
    return pages
