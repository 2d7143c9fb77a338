using FlowGrain.Gateway;
using FlowGrain.Grains.Hosting;

return HostRunner.Run(() => GatewayApp.Build(args));
