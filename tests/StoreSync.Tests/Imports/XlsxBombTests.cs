using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using StoreSync.Functions.Imports;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Imports;

/// <summary>
/// Issue 14 #4: an .xlsx is refused, with a message naming the limit, when a part unpacks too far (however small the file)
/// or a cell is too long, and the check itself never holds the unpacked data in memory.
/// </summary>
public sealed class XlsxBombTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private static readonly object?[][] Stores = [["Store", "Name", "City", "TimeZone"], ["X-1", "One", "Chicago", "America/Chicago"], ["X-2", "Two", "Denver", "America/Denver"]];

    /// <summary>A real one-sheet workbook plus an extra part of <paramref name="megabytes"/> MB of one repeated letter, one cell long.</summary>
    private static byte[] WithSharedStrings(int megabytes)
    {
        using var ms = new MemoryStream();
        ms.Write(Sheets.Xlsx(Stores));
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("xl/sharedStrings.xml")?.Delete();
            using var part = zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.SmallestSize).Open();
            part.Write("""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"""u8);
            var chunk = Encoding.ASCII.GetBytes(new string('A', 1024 * 1024));
            for (var i = 0; i < megabytes; i++) part.Write(chunk);
            part.Write("</t></si></sst>"u8);
        }
        return ms.ToArray();
    }

    /// <summary>Rewrites the sizes a zip declares for one entry (local header and central directory) to <paramref name="declared"/>.</summary>
    private static byte[] UnderstateSize(byte[] zip, string entryName, uint declared)
    {
        var name = Encoding.UTF8.GetBytes(entryName);
        var span = zip.AsSpan();
        for (var i = 0; i + 46 < span.Length; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(span[i..]) != 0x02014b50) continue;
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(span[(i + 28)..]);
            if (!span.Slice(i + 46, nameLength).SequenceEqual(name)) continue;
            BinaryPrimitives.WriteUInt32LittleEndian(span[(i + 24)..], declared);
            var local = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(i + 42)..]);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(local + 22)..], declared);
            return zip;
        }
        throw new InvalidOperationException($"{entryName} not in the zip");
    }

    [Fact]
    public async Task AFileWhoseSharedStringsUnpackTo150MBFailsNamingTheLimit()
    {
        var bomb = WithSharedStrings(150);
        Assert.True(bomb.Length < 1024 * 1024, $"{bomb.Length} bytes"); // well inside the 20 MB upload limit
        var (brandId, _, client) = await app.BrandWithManagerAsync("bomb");

        var job = await client.ImportAsync(brandId, "bomb.xlsx", bomb);

        Assert.Equal("failed", job.Str("status"));
        Assert.Contains("xl/sharedStrings.xml", job.Str("message"));
        Assert.Contains("Imports:MaxXlsxPartBytes", job.Str("message"));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT count(*) FROM locations WHERE brand_id = @brandId", new { brandId }));
    }

    [Fact]
    public async Task AZipThatUnderstatesItsSizesIsRefusedAllTheSame()
    {
        var lying = UnderstateSize(WithSharedStrings(150), "xl/sharedStrings.xml", 1000);
        var (brandId, _, client) = await app.BrandWithManagerAsync("liar");

        var job = await client.ImportAsync(brandId, "liar.xlsx", lying);

        Assert.Equal("failed", job.Str("status"));
        Assert.Matches("Imports:MaxXlsx|not a readable", job.Str("message"));
    }

    [Fact]
    public async Task ACellLongerThanTheLimitFailsTheJobNamingTheLimit()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync("cell");
        var sheet = Sheets.Xlsx([["Store", "Name", "TimeZone"], ["L-1", new string('n', 40_000), "America/Chicago"]]);

        var job = await client.ImportAsync(brandId, "long.xlsx", sheet);

        Assert.Equal("failed", job.Str("status"));
        Assert.Contains("Imports:MaxCellChars", job.Str("message"));
    }

    [Fact]
    public async Task AnOrdinarySpreadsheetStillImports()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync("fine");
        var job = await client.ImportAsync(brandId, "stores.xlsx", WithSharedStrings(0));
        Assert.Equal("succeeded", job.Str("status"));
        Assert.Equal(2, job.Int("created"));
    }

    [Fact]
    public void CheckingABombAllocatesAlmostNothing()
    {
        var bomb = WithSharedStrings(150);
        GC.Collect();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImportFailedException>(() => XlsxLimits.Check(new MemoryStream(bomb), SheetLimits.Default));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("Imports:MaxXlsxPartBytes", e.Message);
        Assert.True(allocated < 16 * 1024 * 1024, $"{allocated:N0} bytes allocated to refuse a 150 MB part");

        // Even under a part limit high enough to let it through, a 150-million-character cell is refused without being read whole.
        before = GC.GetAllocatedBytesForCurrentThread();
        e = Assert.Throws<ImportFailedException>(() => XlsxLimits.Check(new MemoryStream(bomb), SheetLimits.Default with { MaxPartBytes = 1L << 30 }));
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16 * 1024 * 1024, $"{allocated:N0} bytes allocated to refuse a 150 MB cell");
        Assert.Matches("MaxCellChars|longer than", e.Message);
    }
}
