namespace StoreSync.Data.Users;

// Settable properties, not a positional record: Dapper matches constructors by exact column type, and Npgsql reports
// timestamptz as DateTime and uuid[] as Array, so only property assignment (with the DateTimeOffset type handler) works.
public sealed record UserRow
{
    public Guid Id { get; init; }
    public string Username { get; init; } = "";
    public string? Email { get; init; }
    public string? DisplayName { get; init; }
    public string PasswordHash { get; init; } = "";
    public string Role { get; init; } = "";
    public bool IsActive { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public Guid[] BrandIds { get; init; } = [];
    public Guid[] LocationIds { get; init; } = [];
}
