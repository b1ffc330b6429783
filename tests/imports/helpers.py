import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from oslo_procurement.spreadsheets import table_csv, table_xlsx


def csv_file(headers, rows, name="list.csv"):
    return SimpleUploadedFile(name, table_csv(headers, rows), content_type="text/csv")


def xlsx_file(headers, rows, name="list.xlsx"):
    return SimpleUploadedFile(name, table_xlsx("Sheet", headers, rows))


def _rewrite(content, member, data):
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, data if info.filename == member else source.read(info))
    return out.getvalue()


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
)


def xml_bomb_file(headers, rows):
    content = table_xlsx("Sheet", headers, rows)
    return SimpleUploadedFile("list.xlsx", _rewrite(content, "xl/worksheets/sheet1.xml", BILLION_LAUGHS.encode()))


def zip_bomb_file(headers, rows, megabytes=60):
    buffer = io.BytesIO(table_xlsx("Sheet", headers, rows))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("xl/media/image1.png")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(megabytes):
                member.write(chunk)
    return SimpleUploadedFile("list.xlsx", buffer.getvalue())
