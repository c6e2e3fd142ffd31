using StoreSync.Data.Rollouts;
using StoreSync.Functions.Comments;

namespace StoreSync.Functions.Rollouts;

public static class RolloutsSetup
{
    /// <summary>Rollouts and the conversation on campaigns (issue 16, items 1 and 2): one registration for both.</summary>
    public static IServiceCollection AddRolloutsAndComments(this IServiceCollection services)
    {
        services.AddSingleton<RolloutStore>();
        return services.AddComments();
    }
}
