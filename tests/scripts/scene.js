// Spawns a small glTF scene and reads its hierarchy once it is ready.
export function start() {
  const root = scene.spawn("scenes/marker.gltf", { position: { x: 0, y: 0, z: -5 } });
  scene.whenReady(root).then((id) => {
    const marker = world.find("Marker");
    const left = world.find("Left");
    emit("ready", {
      root,
      id,
      marker,
      rootChildren: entity.children(root),
      markerChildren: entity.children(marker),
      left,
      leftParent: entity.parent(left),
      leftName: world.get(left, "Name"),
      leftTransform: world.get(left, "Transform"),
    });
    // Scripts move scene nodes like any visible entity.
    entity.setPosition(left, -3, 0, 0);
  });
}
