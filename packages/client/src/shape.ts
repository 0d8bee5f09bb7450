// The checker lives in @dinoai/operations beside the shape builder, so that the mock can use it too.
export { findMismatch, type Mismatch, pathText } from '@dinoai/operations'
