namespace StoreSync.Data.Db;

public static class Like
{
    /// <summary>`%text%` for `column LIKE @q` over lower-cased text, with LIKE's wildcards escaped; null for blank input.</summary>
    public static string? Pattern(string? q) =>
        string.IsNullOrWhiteSpace(q) ? null : "%" + q.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
