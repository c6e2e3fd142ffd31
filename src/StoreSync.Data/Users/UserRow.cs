namespace StoreSync.Data.Users;

public sealed record UserRow(
    Guid Id,
    string Username,
    string? Email,
    string? DisplayName,
    string PasswordHash,
    string Role,
    bool IsActive,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Guid[] BrandIds,
    Guid[] LocationIds);
