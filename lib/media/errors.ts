/** An upload refused for a reason the newsroom can fix; carries the HTTP status and an Arabic message. */
export class MediaError extends Error {
  constructor(
    readonly status: 400 | 413 | 415 | 503,
    message: string,
  ) {
    super(message);
    this.name = "MediaError";
  }
}

/** The largest upload accepted, in bytes. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** The most pixels an upload may declare: a 50-megapixel camera's photo passes, a decompression bomb does not. */
export const MAX_INPUT_PIXELS = 50_000_000;
/** The longer side at most this many times the shorter: past it a variant would be a strip or a tower. */
export const MAX_ASPECT_RATIO = 5;

export const MESSAGES = {
  contentType: "نوع المحتوى (Content-Type) يجب أن يكون image/jpeg أو image/png أو image/webp أو image/avif",
  svg: "صور SVG مرفوضة: قد تحمل نصًا برمجيًا يُنفَّذ. صدّرها PNG أو JPEG ثم ارفعها",
  gif: "صور GIF مرفوضة، متحركة كانت أو ثابتة: ارفع لقطة ثابتة منها بصيغة PNG أو JPEG",
  heic: "صيغة HEIC غير مدعومة: صدّر الصورة بصيغة JPEG ثم ارفعها",
  empty: "جسم الطلب فارغ: أرسل بايتات الصورة نفسها",
  tooBig: "الصورة أكبر من الحد المسموح (20 ميغابايت)",
  notImage: "الملف ليس صورة يمكن قراءتها (JPEG أو PNG أو WebP أو AVIF)",
  mismatch: (actual: string, declared: string) => `محتوى الملف (${actual}) لا يطابق نوعه المعلن ${declared}؛ أرسله بنوعه الصحيح`,
  bomb: (w: number, h: number) => `أبعاد الصورة ${w}×${h} تتجاوز الحد المسموح (50 ميغابكسل)`,
  pixels: "أبعاد الصورة تتجاوز الحد المسموح (50 ميغابكسل)",
  aspect: "الصورة طويلة أو عريضة جدًا: ضلعها الأطول أكثر من خمسة أضعاف الأقصر",
  corrupt: "الصورة تالفة أو مقطوعة ولا تُقرأ كاملة",
  animated: "الصور المتحركة مرفوضة: ارفع صورة ثابتة",
  busy: "الخادم يعالج صورًا كثيرة الآن؛ أعد المحاولة بعد قليل",
} as const;
