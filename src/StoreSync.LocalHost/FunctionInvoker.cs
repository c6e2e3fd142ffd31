using System.ComponentModel;
using System.Reflection;

namespace StoreSync.LocalHost;

/// <summary>Invokes a function method as the worker does: an instance per invocation from the scope's services, then the method.</summary>
internal static class FunctionInvoker
{
    public delegate Task<object?> Invocation(IServiceProvider services, Func<ParameterInfo, object?> bind, CancellationToken ct);

    public static Invocation For(MethodInfo method)
    {
        var parameters = method.GetParameters();
        var factory = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, []);
        return async (services, bind, ct) =>
        {
            var target = factory?.Invoke(services, []);
            var args = parameters.Select(p => p.ParameterType == typeof(CancellationToken) ? ct : bind(p)).ToArray();
            var result = method.Invoke(target, args);
            switch (result)
            {
                case Task task:
                    await task;
                    var type = task.GetType();
                    return type.IsGenericType && type.GetProperty("Result") is { } property ? property.GetValue(task) : null;
                default:
                    return result;
            }
        };
    }

    public static object? Convert(string? value, Type type)
    {
        if (value is null) return null;
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target == typeof(string) ? value : TypeDescriptor.GetConverter(target).ConvertFromInvariantString(value);
    }
}
