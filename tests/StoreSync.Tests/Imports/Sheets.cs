using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using StoreSync.Functions.Imports;

namespace StoreSync.Tests.Imports;

/// <summary>Spreadsheet fixtures generated in the tests: CSV, .xlsx (OpenXml) and .xls (a small BIFF8 writer). A null row is an empty row.</summary>
public static class Sheets
{
    public static byte[] Csv(IEnumerable<object?[]?> rows, char separator = ',', bool bom = false)
    {
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            if (row is not null) sb.AppendJoin(separator, row.Select(v => CsvField(v, separator)));
            sb.Append("\r\n");
        }
        var body = Encoding.UTF8.GetBytes(sb.ToString());
        return bom ? [.. Encoding.UTF8.Preamble, .. body] : body;
    }

    private static string CsvField(object? value, char separator)
    {
        var s = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        return s.IndexOfAny([separator, '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    public static byte[] Xlsx(IEnumerable<object?[]?> rows)
    {
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms, "Stores", rows);
        return ms.ToArray();
    }

    /// <summary>
    /// A genuine Excel 97-2003 (.xls) file: a compound file (CFB v3) holding one "Workbook" stream in BIFF8 — workbook globals
    /// (BOF, BOUNDSHEET, EOF) and one worksheet (BOF, DIMENSIONS, LABEL and NUMBER cells, EOF).
    /// </summary>
    public static byte[] Xls(IEnumerable<object?[]?> rows) => CompoundFile(Biff8Workbook(rows.ToList()));

    private static byte[] Biff8Workbook(List<object?[]?> rows)
    {
        var globals = new MemoryStream();
        Record(globals, 0x0809, Bof(0x0005));
        Record(globals, 0x0042, U16(1200)); // CODEPAGE: UTF-16
        var sheetName = Encoding.ASCII.GetBytes("Stores");
        var boundSheetAt = globals.Length + 4;
        Record(globals, 0x0085, [0, 0, 0, 0, 0, 0, (byte)sheetName.Length, 0, .. sheetName]); // lbPlyPos patched below
        Record(globals, 0x000A, []);

        var sheet = new MemoryStream();
        Record(sheet, 0x0809, Bof(0x0010));
        var columns = rows.Max(r => r?.Length ?? 0);
        Record(sheet, 0x0200, [.. U32(0), .. U32((uint)rows.Count), .. U16(0), .. U16((ushort)columns), .. U16(0)]);
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r] is not { } row) continue;
            for (var c = 0; c < row.Length; c++)
            {
                var cell = (byte[])[.. U16((ushort)r), .. U16((ushort)c), .. U16(0)];
                switch (row[c])
                {
                    case null: break;
                    case double or int or long or decimal:
                        Record(sheet, 0x0203, [.. cell, .. BitConverter.GetBytes(Convert.ToDouble(row[c], CultureInfo.InvariantCulture))]);
                        break;
                    default:
                        var text = Convert.ToString(row[c], CultureInfo.InvariantCulture)!;
                        Record(sheet, 0x0204, [.. cell, .. U16((ushort)text.Length), 1, .. Encoding.Unicode.GetBytes(text)]);
                        break;
                }
            }
        }
        Record(sheet, 0x000A, []);

        var stream = globals.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(stream.AsSpan((int)boundSheetAt), (uint)stream.Length);
        return [.. stream, .. sheet.ToArray()];
    }

    private static byte[] Bof(ushort type) => [.. U16(0x0600), .. U16(type), .. U16(0x0DBB), .. U16(0x07CC), .. U32(0), .. U32(6)];

    private static void Record(Stream s, ushort type, byte[] data)
    {
        s.Write(U16(type));
        s.Write(U16((ushort)data.Length));
        s.Write(data);
    }

    private const uint Free = 0xFFFFFFFF, EndOfChain = 0xFFFFFFFE, FatSector = 0xFFFFFFFD, NoStream = 0xFFFFFFFF;

    /// <summary>Sectors: FAT sector(s), one directory sector, then the stream (at least 4096 bytes, so it is not in the mini stream).</summary>
    private static byte[] CompoundFile(byte[] workbook)
    {
        const int sector = 512;
        var streamSectors = Math.Max(8, (workbook.Length + sector - 1) / sector);
        var fatSectors = 1;
        while (fatSectors * 128 < fatSectors + 1 + streamSectors) fatSectors++;
        if (fatSectors > 109) throw new ArgumentException("Too large for this small writer.");
        var file = new byte[sector * (1 + fatSectors + 1 + streamSectors)];
        var header = file.AsSpan(0, sector);
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x18..], 0x003E);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1A..], 0x0003);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1C..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1E..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x20..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x2C..], (uint)fatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x30..], (uint)fatSectors); // directory right after the FAT
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x38..], 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x3C..], EndOfChain);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x44..], EndOfChain);
        for (var i = 0; i < 109; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(header[(0x4C + 4 * i)..], i < fatSectors ? (uint)i : Free);

        Span<byte> Sector(int id) => file.AsSpan(sector * (id + 1), sector);
        var fat = new uint[fatSectors * 128];
        Array.Fill(fat, Free);
        for (var i = 0; i < fatSectors; i++) fat[i] = FatSector;
        fat[fatSectors] = EndOfChain;
        var first = fatSectors + 1;
        for (var i = 0; i < streamSectors; i++) fat[first + i] = i == streamSectors - 1 ? EndOfChain : (uint)(first + i + 1);
        for (var i = 0; i < fat.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(Sector(i / 128)[(4 * (i % 128))..], fat[i]);

        var dir = Sector(fatSectors);
        DirectoryEntry(dir[..128], "Root Entry", 5, child: 1, start: EndOfChain, size: 0);
        DirectoryEntry(dir[128..256], "Workbook", 2, child: NoStream, start: (uint)first, size: (uint)(streamSectors * sector));
        DirectoryEntry(dir[256..384], "", 0, NoStream, 0, 0);
        DirectoryEntry(dir[384..512], "", 0, NoStream, 0, 0);
        workbook.CopyTo(file.AsSpan(sector * (first + 1)));
        return file;
    }

    private static void DirectoryEntry(Span<byte> e, string name, byte type, uint child, uint start, uint size)
    {
        if (name.Length > 0)
        {
            Encoding.Unicode.GetBytes(name).CopyTo(e);
            BinaryPrimitives.WriteUInt16LittleEndian(e[0x40..], (ushort)((name.Length + 1) * 2));
        }
        e[0x42] = type;
        e[0x43] = (byte)(type == 0 ? 0 : 1);
        BinaryPrimitives.WriteUInt32LittleEndian(e[0x44..], NoStream);
        BinaryPrimitives.WriteUInt32LittleEndian(e[0x48..], NoStream);
        BinaryPrimitives.WriteUInt32LittleEndian(e[0x4C..], child);
        BinaryPrimitives.WriteUInt32LittleEndian(e[0x74..], start);
        BinaryPrimitives.WriteUInt32LittleEndian(e[0x78..], size);
    }

    private static byte[] U16(ushort v) => BitConverter.GetBytes(v);
    private static byte[] U32(uint v) => BitConverter.GetBytes(v);
}
