using Npgsql;
using Pgvector.Npgsql;

namespace StoreSync.Data.Db;

public static class DataSourceFactory
{
    public static NpgsqlDataSource Create(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        // Fail fast when the database is down so health checks and requests answer 503 quickly.
        if (csb.Timeout == 15) csb.Timeout = 5;
        if (string.IsNullOrEmpty(csb.ApplicationName)) csb.ApplicationName = "storesync";
        // Every request runs the same few statements (the caller's load, a list page): prepared once per connection, they
        // skip parsing and planning on the server (measured on the campaign list: see README, benchmarks).
        if (csb.MaxAutoPrepare == 0) csb.MaxAutoPrepare = 64;
        if (csb.AutoPrepareMinUsages == 5) csb.AutoPrepareMinUsages = 2;
        var builder = new NpgsqlDataSourceBuilder(csb.ConnectionString);
        builder.UseVector(); // pgvector's vector type as Pgvector.Vector (the AI embeddings)
        return builder.Build();
    }
}
