using System.Data;
using System.Text.Json;
using Dapper;

namespace StoreSync.Data.Db;

public static class DapperSetup
{
    private static int _done;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref _done, 1) == 1) return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new JsonElementHandler());
        SqlMapper.AddTypeHandler(new JsonObjectHandler());
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
    }

    private sealed class JsonElementHandler : SqlMapper.TypeHandler<JsonElement>
    {
        public override JsonElement Parse(object value) => JsonDocument.Parse((string)value).RootElement.Clone();
        public override void SetValue(IDbDataParameter parameter, JsonElement value)
        {
            parameter.Value = value.ValueKind == JsonValueKind.Undefined ? "{}" : value.GetRawText();
            ((Npgsql.NpgsqlParameter)parameter).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb;
        }
    }

    private sealed class JsonObjectHandler : SqlMapper.TypeHandler<Dictionary<string, JsonElement>>
    {
        public override Dictionary<string, JsonElement> Parse(object value) =>
            JsonSerializer.Deserialize<Dictionary<string, JsonElement>>((string)value) ?? new();
        public override void SetValue(IDbDataParameter parameter, Dictionary<string, JsonElement>? value)
        {
            parameter.Value = JsonSerializer.Serialize(value ?? new());
            ((Npgsql.NpgsqlParameter)parameter).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb;
        }
    }

    // timestamptz comes back as DateTime (Kind=Utc); the API speaks DateTimeOffset.
    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            DateTimeOffset dto => dto,
            _ => throw new DataException($"Cannot convert {value.GetType()} to DateTimeOffset"),
        };
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = value.UtcDateTime;
    }
}
