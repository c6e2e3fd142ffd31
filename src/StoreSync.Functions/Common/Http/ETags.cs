using Microsoft.Net.Http.Headers;

namespace StoreSync.Functions.Common.Http;

/// <summary>Weak ETags from a row's version number; If-Match checks for optimistic concurrency (412 when stale).</summary>
public static class ETags
{
    public static string For(int version) => $"W/\"{version}\"";

    public static void Set(HttpContext http, int version) => http.Response.Headers[HeaderNames.ETag] = For(version);

    /// <summary>
    /// The version the caller expects from If-Match: null when absent or "*" (no precondition);
    /// -1 when present but unparseable (can never match, so 412).
    /// </summary>
    public static int? ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.IfMatch].ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*") return null;
        foreach (var part in header.Split(','))
        {
            var tag = part.Trim();
            if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
            tag = tag.Trim('"');
            if (int.TryParse(tag, out var v)) return v;
        }
        return -1;
    }
}
