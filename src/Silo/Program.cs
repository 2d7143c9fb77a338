using FlowGrain.Hosting;
using FlowGrain.Silo;

return HostRunner.Run(() => SiloApp.Build(args));
