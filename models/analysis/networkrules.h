// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace minato::analysis {

struct RuleInput;
struct NetworkTopology;

// The pod network of one cluster (kubernetes-domain.md §3, §4), judged from its topology:
//   network.encapsulation-in-subnet  Info     a pool encapsulates Always between nodes of one subnet
//   network.mtu-too-large            Warning  a configured MTU leaves no room for the encapsulation
//   network.mesh-too-large           Warning  the node-to-node mesh past 100 nodes
//   network.bgp-session-down         Warning  a node's BGP sessions not Established (per node)
//   network.route-reflector-spof     Warning  one route reflector for a cluster ID
//   network.pool-exhaustion          Warning at 90 % of blocks, Critical when full
//   network.node-without-pod-cidr    Warning  flannel: a node without spec.podCIDR; Calico: no pool selects it
//   network.pool-overlap             Warning  a pool overlapping the service range or a node subnet
//   network.pool-selector-invalid    Warning  a nodeSelector Calico cannot parse
//   network.cidr-overlap-fleet       Info, Warning when both clusters advertise pods over BGP
//   network.flannel-no-backend       Warning  net-conf.json without Backend.Type (flannel runs udp)
//   network.mixed-cni                Info     Calico and flannel both configured (Canal)
//   network.nat-outgoing-off         Warning  pods leave with their own address and no router knows it
void networkRules(RuleInput& input, const NetworkTopology& topology);

} // namespace minato::analysis
