export function syntheticPhoto(options: {
  width: number;
  height: number;
  seed?: number;
  format?: "jpeg" | "png" | "webp" | "avif";
  gps?: boolean;
  orientation?: number;
  alpha?: boolean;
}): Promise<Buffer>;
