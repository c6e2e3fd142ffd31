using PdfSharp.Fonts;

namespace StoreSync.Functions.Reports;

/// <summary>
/// PDFsharp 6 finds no fonts of its own on Linux: this resolver serves one sans family (regular and bold) from TrueType files on
/// the machine. Reports:FontDirectory names a folder holding them; otherwise DejaVu Sans (Debian's fonts-dejavu-core, which the
/// test and run scripts install) or Liberation Sans is used. Without any, reports answer 503 and say what to install.
/// </summary>
public sealed class ReportFonts : IFontResolver
{
    public const string Family = "Report Sans";

    private static readonly (string Regular, string Bold)[] Candidates =
    [
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
        ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ];

    private static readonly string[] Directories =
        ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation", "/usr/share/fonts/dejavu", "/usr/share/fonts/liberation"];

    private static readonly Lock Gate = new();
    private static ReportFonts? _installed;

    private readonly byte[] _regular;
    private readonly byte[] _bold;

    public string Source { get; }

    private ReportFonts(string regular, string bold)
    {
        (_regular, _bold, Source) = (File.ReadAllBytes(regular), File.ReadAllBytes(bold), regular);
    }

    /// <summary>Installs the resolver once for the process (PDFsharp's setting is global); null when no font was found.</summary>
    public static ReportFonts? Install(string? fontDirectory)
    {
        lock (Gate)
        {
            if (_installed is not null) return _installed;
            foreach (var dir in fontDirectory is { Length: > 0 } ? [fontDirectory, .. Directories] : Directories)
            foreach (var (regular, bold) in Candidates)
            {
                var r = Path.Combine(dir, regular);
                if (!File.Exists(r)) continue;
                var b = Path.Combine(dir, bold);
                _installed = new ReportFonts(r, File.Exists(b) ? b : r);
                GlobalFontSettings.FontResolver = _installed;
                return _installed;
            }
            return null;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "report-bold" : "report-regular");

    public byte[]? GetFont(string faceName) => faceName == "report-bold" ? _bold : _regular;
}
