# SPDX-License-Identifier: Apache-2.0
# jq helpers for fleet.sh: what a kubelet would write (Node status, Pod status, its Events).
# Everything is derived deterministically from names and UIDs, so a seed is reproducible.

# 31-bit hash: a polynomial over the code points, then Lehmer (MINSTD) rounds to spread it.
def hash31:
  reduce explode[] as $c (7; (. * 131 + $c) % 2147483647)
  | reduce range(3) as $_ (. + 1; (. * 48271) % 2147483647);
def hex4: [range(3; -1; -1) as $i | ((. / pow(16; $i)) | floor) % 16]
  | map("0123456789abcdef"[.:(. + 1)]) | join("");
# 8 and 64 hex digits (stand-ins for IDs and sha256 digests), 0..2^31 numbers.
def hex8: . as $s | [("a:" + $s), ("b:" + $s)] | map(hash31 % 65536 | hex4) | join("");
def hex64: . as $s | [range(8) | "\(.):\($s)" | hex8] | join("");
def uuid: hex64 | "\(.[0:8])-\(.[8:12])-\(.[12:16])-\(.[16:20])-\(.[20:32])";
def num: hash31;
def ago($now; $s): ($now - $s) | todate;

# ---------------------------------------------------------------- nodes
# Input: one nodes.txt row as an object {cluster,name,role,runtime,kubelet,os,kernel,arch,ready,
# pressure,zone,ip,cidr,labels,cni,pods}.
def runtime_name: .runtime | split("://")[0];
def cri_socket:
  {"docker": "/var/run/dockershim.sock", "containerd": "/run/containerd/containerd.sock",
   "cri-o": "/var/run/crio/crio.sock"}[runtime_name];

def node_object:
  . as $n
  | {apiVersion: "v1", kind: "Node",
     metadata: {
       name: .name,
       labels: ({
         "beta.kubernetes.io/arch": .arch, "beta.kubernetes.io/os": "linux",
         "kubernetes.io/arch": .arch, "kubernetes.io/hostname": .name, "kubernetes.io/os": "linux",
         "topology.kubernetes.io/zone": .zone}
         + (if .role == "control-plane"
            then {"node-role.kubernetes.io/control-plane": "", "node-role.kubernetes.io/master": ""}
            else {"node-role.kubernetes.io/worker": ""} end)
         + ((.labels // "") | split(",") | map(select(. != "") | split("=") | {(.[0]): .[1]}) | add // {})),
       annotations: ({
         "kubeadm.alpha.kubernetes.io/cri-socket": cri_socket,
         "node.alpha.kubernetes.io/ttl": "0",
         "volumes.kubernetes.io/controller-managed-attach-detach": "true"}
         + (if .cni == "calico" then {
              "projectcalico.org/IPv4Address": "\(.ip)/24",
              "projectcalico.org/IPv4IPIPTunnelAddr": (.cidr | split("/")[0]),
              "projectcalico.org/kube-labels": ({"kubernetes.io/hostname": .name} | tojson)}
              + (if (.labels // "") | test("route-reflector=true")
                 then {"projectcalico.org/RouteReflectorClusterID": "224.0.0.1"} else {} end)
            elif .cni == "flannel" then {
              "flannel.alpha.coreos.com/backend-data":
                ({VNI: 1, VtepMAC: (.name | hex8 | "96:59:\(.[0:2]):\(.[2:4]):\(.[4:6]):\(.[6:8])")} | tojson),
              "flannel.alpha.coreos.com/backend-type": "vxlan",
              "flannel.alpha.coreos.com/kube-subnet-manager": "true",
              "flannel.alpha.coreos.com/public-ip": .ip}
            else {} end))},
     spec: {podCIDR: .cidr, podCIDRs: [.cidr]}};

def node_taints:
  [ (if .role == "control-plane" then {key: "node-role.kubernetes.io/master", effect: "NoSchedule"} else empty end),
    (if .ready != "True" then
       {key: "node.kubernetes.io/not-ready", effect: "NoSchedule"},
       {key: "node.kubernetes.io/not-ready", effect: "NoExecute"} else empty end),
    (if .pressure == "MemoryPressure" then {key: "node.kubernetes.io/memory-pressure", effect: "NoSchedule"} else empty end),
    (if .pressure == "DiskPressure" then {key: "node.kubernetes.io/disk-pressure", effect: "NoSchedule"} else empty end),
    (if .pressure == "PIDPressure" then {key: "node.kubernetes.io/pid-pressure", effect: "NoSchedule"} else empty end) ];

def node_status($now):
  . as $n
  | (if .role == "control-plane" then 4 else 8 end) as $cpu
  | (if .role == "control-plane" then 16 else 32 end) as $gib
  | ($gib * 1048576 - 365000 - (.name | num % 4096)) as $memKi
  | ($now - 86400 * 20 - (.name | num % 86400)) as $since
  | def cond($type; $status; $reason; $message; $changed):
      {type: $type, status: $status, reason: $reason, message: $message,
       lastHeartbeatTime: ago($now; 7), lastTransitionTime: ($changed | todate)};
  {status: {
    capacity: {cpu: "\($cpu)", memory: "\($memKi)Ki", pods: (.pods // "110"),
               "ephemeral-storage": "101445540Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0"},
    allocatable: {cpu: "\($cpu)", memory: "\($memKi - 102400)Ki", pods: (.pods // "110"),
                  "ephemeral-storage": "93492209510", "hugepages-1Gi": "0", "hugepages-2Mi": "0"},
    conditions: [
      (if .cni == "calico" then cond("NetworkUnavailable"; "False"; "CalicoIsUp"; "Calico is running on this node"; $since)
       elif .cni == "flannel" then cond("NetworkUnavailable"; "False"; "FlannelIsUp"; "Flannel is running on this node"; $since)
       else empty end),
      (if .pressure == "MemoryPressure"
       then cond("MemoryPressure"; "True"; "KubeletHasInsufficientMemory"; "kubelet has insufficient memory available"; $now - 900)
       else cond("MemoryPressure"; "False"; "KubeletHasSufficientMemory"; "kubelet has sufficient memory available"; $since) end),
      (if .pressure == "DiskPressure"
       then cond("DiskPressure"; "True"; "KubeletHasDiskPressure"; "kubelet has disk pressure"; $now - 1800)
       else cond("DiskPressure"; "False"; "KubeletHasNoDiskPressure"; "kubelet has no disk pressure"; $since) end),
      (if .pressure == "PIDPressure"
       then cond("PIDPressure"; "True"; "KubeletHasInsufficientPID"; "kubelet has insufficient PID available"; $now - 600)
       else cond("PIDPressure"; "False"; "KubeletHasSufficientPID"; "kubelet has sufficient PID available"; $since) end),
      (if .ready == "True"
       then cond("Ready"; "True"; "KubeletReady";
                 "kubelet is posting ready status" + (if .os | test("Ubuntu") then ". AppArmor enabled" else "" end); $since)
       else cond("Ready"; "False"; "KubeletNotReady";
                 "PLEG is not healthy: pleg was last seen active 3m12.481269823s ago; threshold is 3m0s"; $now - 240) end)],
    addresses: [{type: "InternalIP", address: .ip}, {type: "Hostname", address: .name}],
    daemonEndpoints: {kubeletEndpoint: {Port: 10250}},
    nodeInfo: {
      machineID: ("machine:" + .name | hex64 | .[0:32]),
      systemUUID: ("system:" + .name | uuid | ascii_upcase),
      bootID: ("boot:" + .name | uuid),
      kernelVersion: .kernel, osImage: .os,
      containerRuntimeVersion: .runtime, kubeletVersion: .kubelet, kubeProxyVersion: .kubelet,
      operatingSystem: "linux", architecture: .arch},
    images: [
      {names: ["k8s.gcr.io/kube-proxy@sha256:\("kube-proxy" + .kubelet | hex64)", "k8s.gcr.io/kube-proxy:\(.kubelet)"],
       sizeBytes: 118396107},
      {names: ["k8s.gcr.io/coredns@sha256:\("coredns" | hex64)", "k8s.gcr.io/coredns:1.7.0"], sizeBytes: 45227747},
      {names: ["k8s.gcr.io/pause@sha256:\("pause" | hex64)", "k8s.gcr.io/pause:3.2"], sizeBytes: 682696}]}};

# ---------------------------------------------------------------- pods
# Input: {pods: [Pod], nodes: [Node]}; output: [{namespace, name, patch, events}] for every pod
# that the scheduler bound and that has no container statuses yet.
def pod_state: .metadata.annotations["realk8s.minato.dev/state"] // "Running";

def container_id($rt; $p; $i): "\($rt)://" + ("\($p.metadata.uid)/\($i)" | hex64);
def image_id($rt; $image):
  ($image | split(":")[0]) as $repo
  | (if $rt == "docker" then "docker-pullable://" else "" end) + "\($repo)@sha256:" + ($image | hex64);

def pod_patches($now; $with_events):
  (.nodes | map({key: .metadata.name, value: {
      runtime: (.status.nodeInfo.containerRuntimeVersion // "containerd://" | split("://")[0]),
      ip: ((.status.addresses // []) | map(select(.type == "InternalIP"))[0].address // "10.0.0.1"),
      prefix: ((.spec.podCIDR // "10.0.0.0/24") | split("/")[0] | split(".")[0:3] | join(".")),
      ready: (((.status.conditions // []) | map(select(.type == "Ready"))[0].status // "True") == "True")}})
   | from_entries) as $nodes
  # Pod IPs: the lowest last octets of the node's podCIDR that no pod there uses yet.
  | (.pods | map(select(.spec.nodeName != null and .status.podIP != null and (.spec.hostNetwork | not)))
      | group_by(.spec.nodeName)
      | map({key: .[0].spec.nodeName, value: map(.status.podIP | split(".")[3] | tonumber)})
      | from_entries) as $used
  | [.pods[] | select(.spec.nodeName != null and .status.containerStatuses == null)]
  | group_by(.spec.nodeName)
  | map(. as $group
      | (([range(2; 254)] - ($used[$group[0].spec.nodeName] // [])) | if . == [] then [2] else . end) as $free
      | ([$group[] | select(.spec.hostNetwork | not) | .metadata.uid] | to_entries
         | map({key: .value, value: .key}) | from_entries) as $slot
      | .[] | . as $p
      | $nodes[$p.spec.nodeName] as $n
      | select($n != null)
      | ($p | pod_state) as $state
      | ($p.metadata.creationTimestamp | fromdate) as $created
      | ($p.metadata.uid | num % 40 + 5) as $restarts
      | (if $p.spec.hostNetwork then $n.ip
         else "\($n.prefix).\($free[$slot[$p.metadata.uid] % ($free | length)])" end) as $ip
      | ($state == "Running" or $state == "CrashLoopBackOff" or $state == "OOMKilled") as $started
      | ($state == "Running" and $n.ready) as $ready
      | ([$p.spec.containers[].name] | join(" ")) as $names
      | {namespace: $p.metadata.namespace, name: $p.metadata.name, node: $p.spec.nodeName,
         patch: {status: {
           phase: (if $started then "Running" else "Pending" end),
           hostIP: $n.ip, podIP: $ip, podIPs: [{ip: $ip}], startTime: $p.metadata.creationTimestamp,
           conditions: [
             {type: "Initialized", status: "True", lastProbeTime: null, lastTransitionTime: ($created + 2 | todate)},
             ({type: "Ready", status: (if $ready then "True" else "False" end), lastProbeTime: null,
               lastTransitionTime: ($created + 9 | todate)}
              + (if $ready then {} elif $state == "Running" then {}
                 else {reason: "ContainersNotReady", message: "containers with unready status: [\($names)]"} end)),
             ({type: "ContainersReady", status: (if $state == "Running" then "True" else "False" end),
               lastProbeTime: null, lastTransitionTime: ($created + 9 | todate)}
              + (if $state == "Running" then {}
                 else {reason: "ContainersNotReady", message: "containers with unready status: [\($names)]"} end)),
             {type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: $p.metadata.creationTimestamp}],
           initContainerStatuses: (if ($p.spec.initContainers // []) == [] then null else
             [$p.spec.initContainers | to_entries[] | .key as $i | .value as $c | {
               name: $c.name, image: $c.image, imageID: image_id($n.runtime; $c.image),
               containerID: container_id($n.runtime; $p; "init\($i)"), ready: true, restartCount: 0,
               state: {terminated: {exitCode: 0, reason: "Completed", startedAt: ($created + 3 + $i | todate),
                                    finishedAt: ($created + 4 + $i | todate),
                                    containerID: container_id($n.runtime; $p; "init\($i)")}},
               lastState: {}}] end),
           containerStatuses: [$p.spec.containers | to_entries[] | .key as $i | .value as $c | {
             name: $c.name, image: $c.image, ready: $ready, restartCount: 0, started: $started}
             + if $state == "Running" then {
                 imageID: image_id($n.runtime; $c.image), containerID: container_id($n.runtime; $p; $i),
                 state: {running: {startedAt: ($created + 6 | todate)}}, lastState: {}}
               elif $state == "CrashLoopBackOff" or $state == "OOMKilled" then {
                 imageID: image_id($n.runtime; $c.image), containerID: container_id($n.runtime; $p; $i),
                 started: false, restartCount: $restarts,
                 state: {waiting: {reason: "CrashLoopBackOff",
                   message: "back-off 5m0s restarting failed container=\($c.name) pod=\($p.metadata.name)_\($p.metadata.namespace)(\($p.metadata.uid))"}},
                 lastState: {terminated: (
                   if $state == "OOMKilled" then {exitCode: 137, reason: "OOMKilled"}
                   else {exitCode: 1, reason: "Error"} end
                   + {startedAt: ago($now; 95), finishedAt: ago($now; 88), containerID: container_id($n.runtime; $p; $i)})}}
               elif $state == "ImagePullBackOff" then {
                 imageID: "", state: {waiting: {reason: "ImagePullBackOff",
                   message: "Back-off pulling image \"\($c.image)\""}}, lastState: {}}
               else {
                 imageID: "", state: {waiting: {reason: "ContainerCreating"}}, lastState: {}} end]}},
         events: (if $with_events | not then [] else
           ($p.spec.containers[0]) as $c
           | {kind: "Pod", namespace: $p.metadata.namespace, name: $p.metadata.name, uid: $p.metadata.uid,
              apiVersion: "v1", resourceVersion: $p.metadata.resourceVersion,
              fieldPath: "spec.containers{\($c.name)}"} as $obj
           | def ev($type; $reason; $message; $count; $first):
               {type: $type, reason: $reason, message: $message, count: $count, obj: $obj,
                source: {component: "kubelet", host: $p.spec.nodeName},
                first: ($created + $first), last: (if $count > 1 then $now - 20 else $created + $first end)};
           if $state == "Running" then
             [ev("Normal"; "Pulled"; "Container image \"\($c.image)\" already present on machine"; 1; 5),
              ev("Normal"; "Created"; "Created container \($c.name)"; 1; 5),
              ev("Normal"; "Started"; "Started container \($c.name)"; 1; 6)]
           elif $state == "CrashLoopBackOff" or $state == "OOMKilled" then
             [ev("Normal"; "Pulled"; "Container image \"\($c.image)\" already present on machine"; $restarts + 1; 5),
              ev("Normal"; "Created"; "Created container \($c.name)"; $restarts + 1; 5),
              ev("Normal"; "Started"; "Started container \($c.name)"; $restarts + 1; 6),
              ev("Warning"; "BackOff"; "Back-off restarting failed container"; $restarts * 9; 40)]
           elif $state == "ImagePullBackOff" then
             [ev("Normal"; "Pulling"; "Pulling image \"\($c.image)\""; 4; 3),
              ev("Warning"; "Failed"; "Failed to pull image \"\($c.image)\": rpc error: code = Unknown desc = failed to pull and unpack image \"\($c.image)\": failed to resolve reference \"\($c.image)\": unexpected status code 401 Unauthorized"; 4; 4),
              ev("Warning"; "Failed"; "Error: ErrImagePull"; 4; 4),
              ev("Normal"; "BackOff"; "Back-off pulling image \"\($c.image)\""; 61; 5),
              ev("Warning"; "Failed"; "Error: ImagePullBackOff"; 61; 5)]
           else
             [ev("Warning"; "FailedCreatePodSandBox"; "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for \"\($p.spec.runtimeClassName // "runc" | if . == "gvisor" then "runsc" else . end)\" is configured"; 37; 2)]
           end
           + (if $n.ready then [] else
               [ev("Warning"; "NodeNotReady"; "Node is not ready"; 1; 30)
                | .source = {component: "node-controller"} | .obj.fieldPath = null] end)
         end)});

# A core/v1 Event from ev(); $i makes the name unique per object.
def event_object($i):
  {apiVersion: "v1", kind: "Event",
   metadata: {name: "\(.obj.name).\("\(.obj.uid)/\(.reason)/\($i)" | hex8)\("\(.obj.name)/\($i)" | hex8)",
              namespace: (.obj.namespace // "default")},
   involvedObject: (.obj | with_entries(select(.value != null))),
   reason: .reason, message: .message, type: .type, count: .count,
   source: .source, firstTimestamp: (.first | todate), lastTimestamp: (.last | todate),
   reportingComponent: "", reportingInstance: ""};

# Events a kubelet and the node controller leave about the seeded nodes (input: a nodes.txt row).
def node_events($now):
  {kind: "Node", name: .name, uid: .name, apiVersion: null, namespace: null} as $obj
  | def ev($type; $reason; $message; $count; $ago):
      {type: $type, reason: $reason, message: $message, count: $count, obj: $obj,
       source: {component: "kubelet", host: .name}, first: ($now - $ago), last: ($now - 30)};
  [ (if .ready != "True" then
       ev("Normal"; "NodeNotReady"; "Node \(.name) status is now: NodeNotReady"; 1; 240),
       (ev("Normal"; "NodeNotReady"; "Node \(.name) event: Node is not ready"; 1; 240)
        | .source = {component: "node-controller"}) else empty end),
    (if .pressure == "MemoryPressure" then
       ev("Normal"; "NodeHasInsufficientMemory"; "Node \(.name) status is now: NodeHasInsufficientMemory"; 1; 900),
       ev("Warning"; "EvictionThresholdMet"; "Attempting to reclaim memory"; 14; 900) else empty end),
    (if .pressure == "DiskPressure" then
       ev("Normal"; "NodeHasDiskPressure"; "Node \(.name) status is now: NodeHasDiskPressure"; 1; 1800),
       ev("Warning"; "EvictionThresholdMet"; "Attempting to reclaim ephemeral-storage"; 22; 1800),
       ev("Warning"; "FreeDiskSpaceFailed"; "failed to garbage collect required amount of images. Wanted to free 6442450944 bytes, but freed 0 bytes"; 6; 1700)
       else empty end),
    (if .runtime | startswith("docker://") then
       ev("Warning"; "ContainerGCFailed"; "rpc error: code = DeadlineExceeded desc = context deadline exceeded"; 3; 3600)
       | select(.obj.name | endswith("-1")) else empty end) ];
