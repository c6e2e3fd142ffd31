using System.IO.Compression;
using System.Xml;

namespace StoreSync.Functions.Imports;

/// <summary>How far an .xlsx may unpack, and how long a cell may be, before the reader library is let near it.</summary>
public sealed record SheetLimits(long MaxPartBytes, long MaxSheetBytes, long MaxTotalBytes, int MaxCellChars)
{
    public static SheetLimits From(ImportOptions o) => new(o.MaxXlsxPartBytes, o.MaxXlsxSheetBytes, o.MaxXlsxTotalBytes, o.MaxCellChars);

    public static readonly SheetLimits Default = From(new ImportOptions());
}

/// <summary>
/// An .xlsx is a zip of XML parts; a few kilobytes can unpack to gigabytes. The reader library holds the shared strings (and
/// styles) in memory, so before it opens the file every part is unpacked once here, streaming, and refused when its
/// bytes pass the limit. The bytes actually produced are counted, not the sizes the zip headers declare (which can lie;
/// those are checked too, to refuse early). XML parts are also scanned for the longest text a cell would hold, read in
/// chunks so that a huge cell is never in memory, and for runs longer than <see cref="MaxTokenBytes"/> without a '&lt;'
/// (a text node, attribute or tag that size), which an XML reader would otherwise materialise whole.
/// </summary>
public static class XlsxLimits
{
    /// <summary>Longest stretch of an XML part without a '&lt;': a full-length cell with every character escaped fits 10 times.</summary>
    public const int MaxTokenBytes = 2 * 1024 * 1024;

    public static void Check(Stream content, SheetLimits limits)
    {
        var start = content.Position;
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                var isSheet = entry.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase);
                var (limit, setting) = isSheet ? (limits.MaxSheetBytes, "Imports:MaxXlsxSheetBytes") : (limits.MaxPartBytes, "Imports:MaxXlsxPartBytes");
                if (entry.Length > limit) throw TooBig(entry.FullName, entry.Length, limit, setting);
                if (total + entry.Length > limits.MaxTotalBytes) throw TooBigInAll(limits.MaxTotalBytes);
                using var counted = new CountingStream(entry.Open(), entry.FullName, limit, setting,
                    entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase));
                var cell = isSheet ? "c" : entry.FullName.Equals("xl/sharedStrings.xml", StringComparison.OrdinalIgnoreCase) ? "si" : null;
                if (cell is not null) ScanCells(counted, cell, entry.FullName, limits.MaxCellChars);
                else counted.CopyTo(Stream.Null);
                total += counted.Count;
                if (total > limits.MaxTotalBytes) throw TooBigInAll(limits.MaxTotalBytes);
            }
        }
        catch (InvalidDataException e)
        {
            throw new ImportFailedException($"The file is not a readable .xlsx spreadsheet ({e.Message}).");
        }
        catch (XmlException e)
        {
            throw new ImportFailedException($"The file is not a readable .xlsx spreadsheet: a part is not well-formed XML ({e.Message}).");
        }
        finally
        {
            content.Position = start;
        }
    }

    /// <summary>Sums the text inside each <paramref name="cellElement"/> (a worksheet's c, a shared string's si) in chunks.</summary>
    private static void ScanCells(Stream xml, string cellElement, string part, int maxCellChars)
    {
        using var reader = XmlReader.Create(xml, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true,
        });
        var buffer = new char[8192];
        var depth = -1;
        long length = 0;
        var cells = 0;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when reader.LocalName == cellElement:
                    cells++;
                    length = 0;
                    depth = reader.IsEmptyElement ? -1 : reader.Depth;
                    break;
                case XmlNodeType.EndElement when reader.LocalName == cellElement && reader.Depth == depth:
                    depth = -1;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace when depth >= 0:
                    int read;
                    while ((read = reader.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
                    {
                        length += read;
                        if (length > maxCellChars)
                            throw new ImportFailedException(cellElement == "si"
                                ? $"Shared string {cells:N0} of the .xlsx file ({part}) is longer than {maxCellChars:N0} characters " +
                                  "(setting Imports:MaxCellChars; Excel's own limit is 32,767). Shorten that cell and import again."
                                : $"A cell in {part} of the .xlsx file is longer than {maxCellChars:N0} characters " +
                                  "(setting Imports:MaxCellChars; Excel's own limit is 32,767). Shorten that cell and import again.");
                    }
                    break;
            }
        }
    }

    private static ImportFailedException TooBig(string part, long bytes, long limit, string setting) =>
        new($"The .xlsx file is refused: its part '{part}' unpacks to {(bytes > limit ? $"{bytes:N0}" : $"more than {limit:N0}")} bytes; " +
            $"the limit is {limit:N0} bytes (setting {setting}). A small file that unpacks this far is a decompression bomb, not a store list.");

    private static ImportFailedException TooBigInAll(long limit) =>
        new($"The .xlsx file is refused: its parts unpack to more than {limit:N0} bytes in all (setting Imports:MaxXlsxTotalBytes).");

    /// <summary>Counts what the decompressor really produced; throws past the limit, or at an over-long XML token.</summary>
    private sealed class CountingStream(Stream inner, string part, long limit, string setting, bool isXml) : Stream
    {
        private int _run; // bytes since the last '<'

        public long Count { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Counted(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override int Read(Span<byte> buffer) => Counted(buffer[..inner.Read(buffer)]);

        private int Counted(ReadOnlySpan<byte> read)
        {
            Count += read.Length;
            if (Count > limit) throw TooBig(part, Count, limit, setting);
            if (isXml)
            {
                var last = read.LastIndexOf((byte)'<');
                var longest = last < 0 ? _run + read.Length : Math.Max(_run + read.IndexOf((byte)'<'), LongestGap(read[..(last + 1)]));
                if (longest > MaxTokenBytes)
                    throw new ImportFailedException($"The .xlsx file is refused: its part '{part}' holds a single value or tag longer than " +
                        $"{MaxTokenBytes:N0} bytes, far beyond any real cell.");
                _run = last < 0 ? _run + read.Length : read.Length - last - 1;
            }
            return read.Length;
        }

        private static int LongestGap(ReadOnlySpan<byte> span)
        {
            var longest = 0;
            for (int i; (i = span.IndexOf((byte)'<')) >= 0; span = span[(i + 1)..]) longest = Math.Max(longest, i);
            return longest;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
