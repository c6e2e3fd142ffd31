namespace StoreSync.Functions.Common.Paging;

/// <summary>`?page=1&pageSize=20`: page from 1, page size clamped to 1..100.</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int MaxPageSize = 100;
    public int Offset => (Page - 1) * PageSize;

    public static PageRequest From(int? page, int? pageSize) =>
        new(Math.Clamp(page ?? 1, 1, 1_000_000), Math.Clamp(pageSize ?? 20, 1, MaxPageSize));
}

public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total)
{
    [System.Text.Json.Serialization.JsonPropertyName("page")]
    public int PageNumber { get; init; } = PageNumber;
}
