"""QR codes as inline SVG markup: nothing fetched, nothing for the CSP or the letter
renderer's fetcher to allow."""

import qrcode
import qrcode.image.svg


def qr_svg(data: str, box_size: int = 8) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=box_size)
    markup: str = image.to_string(encoding="unicode")
    return markup.split("?>", 1)[-1] if markup.startswith("<?xml") else markup
