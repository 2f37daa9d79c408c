// The house style's building blocks. Import from "@/components/ui".
export { cn } from "./cn";
export { Button, buttonClasses, type ButtonProps, type ButtonSize, type ButtonVariant } from "./button";
export { FormField, FieldSet, FieldError, Input, Textarea, Select, type ControlProps, type SelectOption } from "./form-field";
export { Field, FormMessage } from "./field";
export { Table, THead, TBody, TR, TH, TD, HeadRow, DataTable, tableHeadClass, type Cell } from "./table";
export { Section, type SectionProps } from "./section";
export { Alert, ALERT_TONE, type AlertProps, type AlertTone } from "./alert";
export { Badge, badgeClasses, BADGE_TONE, type BadgeProps, type BadgeTone } from "./badge";
export { ChartFrame, chartPalette, axis, legendStyle, percentTick, type ChartColour, type ChartFrameProps } from "./chart-frame";
export { EmptyState } from "./empty-state";
export { SubmitButton } from "./submit-button";
export { buttonClass, inputClass, cardClass } from "./styles";
